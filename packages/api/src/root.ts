import { healthRouter } from './routers/health/index.ts';
import { teamsRouter } from './routers/teams/index.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  health: healthRouter,
  teams: teamsRouter,
});

export type AppRouter = typeof appRouter;
