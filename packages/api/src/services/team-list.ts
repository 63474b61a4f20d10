import { listSource, type Models, type QueryFilter, type Team } from '@roster/db';
import { type Principal } from '../auth/principal.ts';
import { toTeamDto, type TeamDto } from '../dto/team.ts';
import {
  allOf,
  compileFilters,
  listSchema,
  matchesCondition,
  pageInMemory,
  parseQueries,
  searchFilter,
  sortKeys,
  storedValue,
  usesAttribute,
  type MongoFilter,
  type SortKey,
  type VirtualResolver,
} from '../queries/index.ts';
import { fetchPage, loadCursor, TOTAL_CAP, type ListInput, type ListOptions } from './list-page.ts';
import { confirmedTotals, nonZeroConfirmedTotals } from './team-totals.ts';

/** What `teams.list` queries may use (spec §11.2). `total` is derived, not stored. */
export const TEAM_QUERIES = listSchema({
  name: { type: 'string', field: 'name' },
  total: { type: 'integer', field: 'total', virtual: true },
});

/**
 * GET /v1/teams (spec §5.2): API keys list every team, users the teams where they have a
 * confirmed membership. The number of round trips does not depend on the page size.
 *
 * `total` is counted from confirmed memberships, never stored, so queries on it cannot run in the
 * database as they are. A filter on `total` is turned into a filter on team ids with one
 * aggregate over the caller's visible teams. An order on `total` loads every matching team and
 * sorts and pages in memory: fine for the team counts Roster targets, not for very large lists.
 */
export async function listTeams(
  models: Models,
  principal: Principal,
  input: ListInput,
  options: ListOptions = {},
): Promise<{ total: number; teams: TeamDto[] }> {
  const parsed = parseQueries(input.queries ?? [], TEAM_QUERIES);
  const visibleIds = await visibleTeamIds(models, principal);
  const visibility: MongoFilter = visibleIds ? { _id: { $in: visibleIds } } : {};
  const totals = usesAttribute(parsed, 'total') ? await nonZeroConfirmedTotals(models, visibleIds) : null;
  const filter = allOf(
    visibility,
    input.search ? searchFilter(input.search) : {},
    compileFilters(parsed.filters, totals ? totalResolver(totals) : undefined),
  );
  const cursor = await loadCursor(parsed.cursor, 'Team', (id) =>
    models.Team.findOne(allOf({ _id: id }, visibility) as TeamFilter).lean(),
  );
  const keys = sortKeys(parsed.orders, TEAM_QUERIES);
  const includeTotal = input.total ?? true;
  const totalCap = options.totalCap ?? TOTAL_CAP;

  if (totals && keys.some((key) => key.virtual)) {
    const matches = await models.Team.find(filter as TeamFilter).lean();
    const valueOf = (team: (typeof matches)[number], key: SortKey) =>
      key.virtual ? (totals.get(team._id) ?? 0) : storedValue(team, key);
    const { offset, limit } = parsed;
    const page = pageInMemory(matches, { keys, valueOf, cursor, offset, limit });
    return {
      total: includeTotal ? Math.min(matches.length, totalCap) : 0,
      teams: page.map((team) => toTeamDto(team, totals.get(team._id) ?? 0)),
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
  const pageIds = page.items.map((team) => team._id);
  const pageTotals = totals ?? (await confirmedTotals(models, pageIds));
  return {
    total: page.total,
    teams: page.items.map((team) => toTeamDto(team, pageTotals.get(team._id) ?? 0)),
  };
}

/** The teams a caller may read: all (null) for API keys, confirmed memberships for users. */
async function visibleTeamIds(models: Models, principal: Principal): Promise<string[] | null> {
  if (principal.kind === 'key') return null;
  if (principal.kind !== 'user') return [];
  const memberships = await models.Membership.find({ userId: principal.userId, confirm: true })
    .select('teamId')
    .lean();
  return memberships.map((membership) => membership.teamId);
}

/**
 * A condition on `total` as a condition on team ids. Teams without confirmed members are not in
 * `totals`: when 0 satisfies the condition, exclude the teams that fail it instead of listing
 * the ones that pass.
 */
function totalResolver(totals: ReadonlyMap<string, number>): VirtualResolver {
  return (condition) => {
    const entries = [...totals];
    if (matchesCondition(condition, 0)) {
      return { _id: { $nin: entries.filter(([, n]) => !matchesCondition(condition, n)).map(([id]) => id) } };
    }
    return { _id: { $in: entries.filter(([, n]) => matchesCondition(condition, n)).map(([id]) => id) } };
  };
}

type TeamFilter = QueryFilter<Team>;
