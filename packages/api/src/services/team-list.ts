import { listSource, ownedByAny, type Models, type QueryFilter, type Team } from '@roster/db';
import { type Principal } from '../auth/principal.ts';
import { toTeamDto, type TeamDto } from '../dto/team.ts';
import {
  allOf,
  compileFilters,
  invalidQueries,
  listSchema,
  MATCH_NOTHING,
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
import { fetchPage, loadCursor, TOTAL_CAP, type ListInput, type ListOptions } from './list-page.ts';
import { ofUser, principalUser } from './membership-ties.ts';
import { confirmedTotals } from './team-totals.ts';

/** What `teams.list` queries may use (spec §11.2). `total` is derived, not stored. */
export const TEAM_QUERIES = listSchema({
  name: { type: 'string', field: 'name' },
  total: { type: 'integer', field: 'total', virtual: true },
});

/**
 * Queries on `total` compute every candidate team's total and, when ordering by it, sort them in
 * memory: at most this many candidates (teams the caller sees that pass the search and the other
 * top-level filters), else 400. As many as a list can count (TOTAL_CAP, Appwrite's
 * APP_LIMIT_COUNT); only ids, epochs and sort fields are held for them, never prefs.
 */
export const TOTAL_QUERY_TEAMS = 5000;

/**
 * GET /v1/teams (spec §5.2): API keys list every team, users the teams where they have a
 * confirmed membership (written for that team and that user: epochs, docs/database.md). The number
 * of round trips does not depend on the page size.
 *
 * `total` is counted from confirmed memberships, never stored, so queries on it cannot run in the
 * database as they are. The candidates are loaded (at most TOTAL_QUERY_TEAMS), their totals counted
 * with one aggregate, and a filter on `total` becomes a filter on their ids; an order on `total`
 * sorts and pages the candidates that match in memory.
 */
export async function listTeams(
  models: Models,
  principal: Principal,
  input: ListInput,
  options: ListOptions = {},
): Promise<{ total: number; teams: TeamDto[] }> {
  const parsed = parseQueries(input.queries ?? [], TEAM_QUERIES);
  const visibility = await visibleTeams(models, principal);
  const search = input.search ? searchFilter(input.search) : {};
  const totals = usesAttribute(parsed, 'total')
    ? await candidateTotals(models, parsed, visibility, search)
    : null;
  const filter = allOf(
    visibility,
    search,
    compileFilters(parsed.filters, totals ? totalResolver(totals) : undefined),
  );
  const cursor = await loadCursor(parsed.cursor, 'Team', (id) =>
    models.Team.findOne(allOf({ _id: id }, visibility) as TeamFilter).lean(),
  );
  const keys = sortKeys(parsed.orders, TEAM_QUERIES);
  const includeTotal = input.total ?? true;
  const totalCap = options.totalCap ?? TOTAL_CAP;

  if (totals && keys.some((key) => key.virtual)) {
    const matches = await models.Team.find(filter as TeamFilter)
      .select({ prefs: 0, search: 0 })
      .lean();
    const valueOf = (team: { _id: string }, key: SortKey) =>
      key.virtual ? (totals.get(team._id) ?? 0) : storedValue(team, key);
    const { offset, limit } = parsed;
    const pageIds = pageInMemory(matches, { keys, valueOf, cursor, offset, limit }).map((team) => team._id);
    const full = new Map(
      (await models.Team.find({ _id: { $in: pageIds } }).lean()).map((team) => [team._id, team]),
    );
    return {
      total: includeTotal ? Math.min(matches.length, totalCap) : 0,
      teams: pageIds.flatMap((id) => {
        const team = full.get(id);
        return team ? [toTeamDto(team, totals.get(id) ?? 0)] : [];
      }),
    };
  }

  const page = await fetchPage(listSource<Team>(models.Team), {
    offset: parsed.offset,
    limit: parsed.limit,
    filter,
    keys,
    cursor,
    includeTotal,
    totalCap,
  });
  const pageTotals = totals ?? (await confirmedTotals(models, page.items));
  return {
    total: page.total,
    teams: page.items.map((team) => toTeamDto(team, pageTotals.get(team._id) ?? 0)),
  };
}

/**
 * The teams a caller may read, as a filter: all for API keys, for users the teams of their
 * confirmed memberships, each matched with the epoch the membership was written for.
 */
async function visibleTeams(models: Models, principal: Principal): Promise<MongoFilter> {
  if (principal.kind === 'key') return {};
  if (principal.kind !== 'user') return MATCH_NOTHING;
  const memberships = await models.Membership.find({ ...ofUser(principalUser(principal)), confirm: true })
    .select({ teamId: 1, teamEpoch: 1 })
    .lean();
  return ownedByAny(
    memberships.map((membership) => ({ _id: membership.teamId, epoch: membership.teamEpoch })),
    '_id',
    'epoch',
  );
}

/**
 * The totals of every team a query on `total` may match: visible, found by the search and passing
 * the top-level filters that do not use `total` (a team failing one of those cannot match). More
 * than TOTAL_QUERY_TEAMS is 400.
 */
async function candidateTotals(
  models: Models,
  parsed: ParsedQueries,
  visibility: MongoFilter,
  search: MongoFilter,
): Promise<Map<string, number>> {
  const plain = parsed.filters.filter(
    (node) => !usesAttribute({ ...parsed, filters: [node], orders: [] }, 'total'),
  );
  const candidates = await models.Team.find(allOf(visibility, search, compileFilters(plain)) as TeamFilter)
    .select({ _id: 1, epoch: 1 })
    .limit(TOTAL_QUERY_TEAMS + 1)
    .lean();
  if (candidates.length > TOTAL_QUERY_TEAMS) {
    throw invalidQueries(
      `Queries on total are limited to ${TOTAL_QUERY_TEAMS} teams; narrow the list with search or other filters`,
    );
  }
  return confirmedTotals(models, candidates);
}

/** A condition on `total` as a condition on the ids of the candidates (every one is in `totals`). */
function totalResolver(totals: ReadonlyMap<string, number>): VirtualResolver {
  return (condition) => ({
    _id: { $in: [...totals].filter(([, n]) => matchesCondition(condition, n)).map(([id]) => id) },
  });
}

type TeamFilter = QueryFilter<Team>;
