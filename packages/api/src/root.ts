import { accountRouter } from './routers/account/index.ts';
import { healthRouter } from './routers/health/index.ts';
import { joinLinksRouter } from './routers/join-links/index.ts';
import { storageRouter } from './routers/storage/index.ts';
import { teamsRouter } from './routers/teams/index.ts';
import { usersRouter } from './routers/users/index.ts';
import { webhooksRouter } from './routers/webhooks/index.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  health: healthRouter,
  teams: teamsRouter,
  users: usersRouter,
  account: accountRouter,
  webhooks: webhooksRouter,
  joinLinks: joinLinksRouter,
  storage: storageRouter,
});

export type AppRouter = typeof appRouter;
