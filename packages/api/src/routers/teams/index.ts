import { router } from '../../trpc.ts';
import { create } from './create.ts';
import { get } from './get.ts';

export const teamsRouter = router({ create, get });
