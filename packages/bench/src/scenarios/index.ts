import { teamsGet } from './1-teams-get.ts';
import { listMemberships } from './2-list-memberships.ts';
import { createMembership } from './3-create-membership.ts';
import { invitationEmails } from './4-invitation-emails.ts';
import { memory } from './5-memory.ts';
import { peer } from './6-peer.ts';
import { databaseScale } from './7-database-scale.ts';
import { type Scenario } from './context.ts';

/** Every scenario of `pnpm bench`, in the order they run. */
export const SCENARIOS: readonly Scenario[] = [
  teamsGet,
  listMemberships,
  createMembership,
  invitationEmails,
  memory,
  peer,
  databaseScale,
];
