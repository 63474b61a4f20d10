import { type Repositories, type TeamListing, type TeamReader } from '@roster/db';
import { principalUser, type Principal } from '../auth/principal.ts';
import { toTeamDto, type TeamDto } from '../dto/team.ts';
import {
  allOf,
  compileFilters,
  invalidQueries,
  listSchema,
  matchesCondition,
  pageInMemory,
  parseQueries,
  searchFilter,
  sortKeys,
  storedValue,
  usesAttribute,
  type MongoFilter,
  type ParsedQueries,
  type SortKey,
  type VirtualResolver,
} from '../queries/index.ts';
import { fetchPage, loadCursor, pageRequest, type ListInput, type ListOptions } from './list-page.ts';

/**
 * What `teams.list` queries may use (docs/appwrite-compatibility.md#queries-search-and-pages). `total` is
 * stored but may be missing on teams written before it was (healed when read), so it stays virtual.
 */
const TEAM_QUERIES = listSchema({
  name: { type: 'string', field: 'name' },
  total: { type: 'integer', field: 'total', virtual: true },
});

/**
 * Queries on `total` compute every candidate team's total and, when ordering by it, sort them in
 * memory: at most this many candidates (teams the caller sees that pass the search and the other
 * top-level filters), else 400. As many as a list can count (TOTAL_CAP, Appwrite's
 * APP_LIMIT_COUNT); only ids, epochs and sort fields are held for them, never prefs.
 */
const TOTAL_QUERY_TEAMS = 5000;

/**
 * GET /v1/teams (docs/appwrite-compatibility.md#queries-search-and-pages): API keys list every team, users
 * the teams where they have a confirmed membership (written for that team and that user: epochs,
 * docs/database.md). The number of round trips does not depend on the page size.
 *
 * `total` is stored on the team (docs/database.md#team-totals) but absent on teams written before it
 * was, so queries on it do not run in the database as they are. The candidates are loaded (at most
 * TOTAL_QUERY_TEAMS) with their stored totals (a missing one is counted and stored), and a filter on
 * `total` becomes a filter on their ids; an order on `total` sorts and pages the matches in memory.
 */
export async function listTeams(
  repos: Repositories,
  principal: Principal,
  input: ListInput,
  options: ListOptions = {},
): Promise<{ total: number; teams: TeamDto[] }> {
  const parsed = parseQueries(input.queries ?? [], TEAM_QUERIES);
  const teams = await repos.teams.readableBy(readerOf(principal));
  const search = input.search ? searchFilter(input.search) : {};
  const totals = usesAttribute(parsed, 'total') ? await candidateTotals(repos, teams, parsed, search) : null;
  const filter = allOf(search, compileFilters(parsed.filters, totals ? totalResolver(totals) : undefined));
  const cursor = await loadCursor(parsed.cursor, 'Team', teams);
  const request = pageRequest(parsed, input, options, {
    filter,
    keys: sortKeys(parsed.orders, TEAM_QUERIES),
    cursor,
  });

  if (totals && request.keys.some((key) => key.virtual)) {
    const matches = await teams.matches(filter);
    const valueOf = (team: { _id: string }, key: SortKey) =>
      key.virtual ? (totals.get(team._id) ?? 0) : storedValue(team, key);
    const pageIds = pageInMemory(matches, { ...request, valueOf }).map((team) => team._id);
    const full = new Map((await repos.teams.byIds(pageIds)).map((team) => [team._id, team]));
    return {
      total: request.includeTotal ? Math.min(matches.length, request.totalCap) : 0,
      teams: pageIds.flatMap((id) => {
        const team = full.get(id);
        return team ? [toTeamDto(team, totals.get(id) ?? 0)] : [];
      }),
    };
  }

  const page = await fetchPage(teams, request);
  return {
    total: page.total,
    teams: await Promise.all(
      page.items.map(async (team) =>
        toTeamDto(team, totals?.get(team._id) ?? (await repos.teams.totalOf(team))),
      ),
    ),
  };
}

/** API keys read every team, users the teams of their confirmed memberships (teams.readableBy). */
function readerOf(principal: Principal): TeamReader {
  if (principal.kind === 'key') return 'all';
  return principal.kind === 'user' ? principalUser(principal) : 'none';
}

/**
 * The totals of every team a query on `total` may match: visible, found by the search and passing
 * the top-level filters that do not use `total` (a team failing one of those cannot match). More
 * than TOTAL_QUERY_TEAMS is 400.
 */
async function candidateTotals(
  repos: Repositories,
  teams: TeamListing,
  parsed: ParsedQueries,
  search: MongoFilter,
): Promise<Map<string, number>> {
  const plain = parsed.filters.filter(
    (node) => !usesAttribute({ ...parsed, filters: [node], orders: [] }, 'total'),
  );
  const candidates = await teams.candidates(allOf(search, compileFilters(plain)), TOTAL_QUERY_TEAMS + 1);
  if (candidates.length > TOTAL_QUERY_TEAMS) {
    throw invalidQueries(
      `Queries on total are limited to ${TOTAL_QUERY_TEAMS} teams; narrow the list with search or other filters`,
    );
  }
  const totals = new Map<string, number>();
  for (const team of candidates) totals.set(team._id, await repos.teams.totalOf(team));
  return totals;
}

/** A condition on `total` as a condition on the ids of the candidates (every one is in `totals`). */
function totalResolver(totals: ReadonlyMap<string, number>): VirtualResolver {
  return (condition) => ({
    _id: { $in: [...totals].filter(([, n]) => matchesCondition(condition, n)).map(([id]) => id) },
  });
}
