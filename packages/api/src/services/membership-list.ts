import { listSource, type Membership, type Models, type QueryFilter } from '@roster/db';
import { toMembershipDto, type MembershipDto } from '../dto/membership.ts';
import { AppError } from '../errors.ts';
import {
  allOf,
  compileFilters,
  listSchema,
  parseQueries,
  searchFilter,
  sortKeys,
  type MongoFilter,
  type ParsedQueries,
} from '../queries/index.ts';
import { fetchPage, loadCursor, TOTAL_CAP, type ListInput, type ListOptions } from './list-page.ts';

/** What membership lists may query (spec §11.2); `roles` is an array: `contains` only. */
export const MEMBERSHIP_QUERIES = listSchema({
  userId: { type: 'string', field: 'userId' },
  teamId: { type: 'string', field: 'teamId' },
  invited: { type: 'datetime', field: 'invited' },
  joined: { type: 'datetime', field: 'joined', nullable: true },
  confirm: { type: 'boolean', field: 'confirm' },
  roles: { type: 'string', field: 'roles', array: true },
});

type MembershipList = { total: number; memberships: MembershipDto[] };

/**
 * GET /v1/teams/{teamId}/memberships (spec §5.9): the team's memberships, pending invitations
 * included, with every member field filled (design.md §9: visible to members by default).
 */
export async function listTeamMemberships(
  models: Models,
  team: { _id: string; name: string },
  input: ListInput,
  options: ListOptions = {},
): Promise<MembershipList> {
  const parsed = parseQueries(input.queries ?? [], MEMBERSHIP_QUERIES);
  return listMemberships(models, { teamId: team._id }, parsed, input, options, () =>
    Promise.resolve(new Map([[team._id, team.name]])),
  );
}

/**
 * GET /v1/users/{userId}/memberships (spec §5.15): every membership of the user, pending ones
 * included. Appwrite returns the page size as `total` (§16.4); Roster deliberately returns the
 * real count of matches, like every other list.
 */
export async function listUserMemberships(
  models: Models,
  userId: string,
  input: ListInput,
  options: ListOptions = {},
): Promise<MembershipList> {
  const parsed = parseQueries(input.queries ?? [], MEMBERSHIP_QUERIES);
  if (!(await models.User.exists({ _id: userId }))) throw new AppError('user_not_found');
  return listMemberships(models, { userId }, parsed, input, options, async (teamIds) => {
    const teams = await models.Team.find({ _id: { $in: teamIds } })
      .select('name')
      .lean();
    return new Map(teams.map((team) => [team._id, team.name]));
  });
}

/**
 * The page within `scope`, then its users and team names with one query each, so the number
 * of round trips is the same for any page size.
 */
async function listMemberships(
  models: Models,
  scope: MongoFilter,
  parsed: ParsedQueries,
  input: ListInput,
  options: ListOptions,
  teamNames: (teamIds: string[]) => Promise<Map<string, string>>,
): Promise<MembershipList> {
  const filter = allOf(scope, input.search ? searchFilter(input.search) : {}, compileFilters(parsed.filters));
  const cursor = await loadCursor(parsed.cursor, 'Membership', (id) =>
    models.Membership.findOne(allOf({ _id: id }, scope) as MembershipFilter).lean(),
  );
  const page = await fetchPage(listSource<Membership>(models.Membership), {
    offset: parsed.offset,
    limit: parsed.limit,
    filter,
    keys: sortKeys(parsed.orders, MEMBERSHIP_QUERIES),
    cursor,
    includeTotal: input.total ?? true,
    totalCap: options.totalCap ?? TOTAL_CAP,
  });
  const userIds = unique(page.items.map((membership) => membership.userId));
  const teamIds = unique(page.items.map((membership) => membership.teamId));
  const [users, names] = await Promise.all([
    userIds.length > 0
      ? models.User.find({ _id: { $in: userIds } })
          .select('name email phone')
          .lean()
      : Promise.resolve([]),
    teamIds.length > 0 ? teamNames(teamIds) : Promise.resolve(new Map<string, string>()),
  ]);
  const usersById = new Map(users.map((user) => [user._id, user]));
  return {
    total: page.total,
    memberships: page.items.map((membership) =>
      toMembershipDto(membership, usersById.get(membership.userId), names.get(membership.teamId) ?? ''),
    ),
  };
}

const unique = (values: string[]) => [...new Set(values)];

type MembershipFilter = QueryFilter<Membership>;
