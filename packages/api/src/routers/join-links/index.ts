import { router } from '../../trpc.ts';
import { create } from './create.ts';
import { join } from './join.ts';
import { list } from './list.ts';
import { preview } from './preview.ts';
import { revoke } from './revoke.ts';

/** Shareable join links (a Roster extension: docs/api.md#join-links). */
export const joinLinksRouter = router({ create, list, revoke, join, preview });
