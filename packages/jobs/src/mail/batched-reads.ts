import { groupCommit, type Repositories } from '@roster/db';
import { type MailReads } from './kind.ts';

/**
 * The mail worker's reads by id, batched: a read that arrives while another of its collection is
 * in flight waits for it and goes out with the others as one `{_id: {$in: […]}}` (served by the
 * `_id` index, on FerretDB too). Concurrent jobs of one worker thus pay one query per collection
 * instead of one per email each (group-commit.ts applies the same idea to writes).
 */
export function batchedReads(
  repos: {
    memberships: Pick<Repositories['memberships'], 'byIds'>;
    teams: Pick<Repositories['teams'], 'byIds'>;
    users: Pick<Repositories['users'], 'byIds'>;
    tokens: Pick<Repositories['tokens'], 'byIds'>;
    mfaChallenges: Pick<Repositories['mfaChallenges'], 'byIds'>;
    sessions: Pick<Repositories['sessions'], 'byIds'>;
  },
  maxBatch = 200,
): MailReads {
  const loader = <T extends { _id: string }>(load: (ids: readonly string[]) => Promise<T[]>) =>
    groupCommit(async (ids: string[]) => {
      const found = new Map((await load([...new Set(ids)])).map((document) => [document._id, document]));
      return ids.map((id) => found.get(id) ?? null);
    }, maxBatch);
  return {
    membership: loader((ids) => repos.memberships.byIds(ids)),
    team: loader((ids) => repos.teams.byIds(ids)),
    user: loader((ids) => repos.users.byIds(ids)),
    token: loader((ids) => repos.tokens.byIds(ids)),
    mfaChallenge: loader((ids) => repos.mfaChallenges.byIds(ids)),
    session: loader((ids) => repos.sessions.byIds(ids)),
  };
}
