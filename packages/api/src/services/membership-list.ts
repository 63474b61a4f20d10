import {
  listSource,
  ownedByAny,
  type Epoch,
  type Membership,
  type Models,
  type QueryFilter,
} from '@roster/db';
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
import { belongsToUser, ofTeam, ofUser } from './membership-ties.ts';
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
 * included (a pending one shows only what its inviter supplied, dto/membership.ts), and only those
 * written for this team (epochs, docs/database.md).
 */
export async function listTeamMemberships(
  models: Models,
  team: { _id: string; name: string; epoch?: Epoch },
  input: ListInput,
  options: ListOptions = {},
): Promise<MembershipList> {
  const parsed = parseQueries(input.queries ?? [], MEMBERSHIP_QUERIES);
  return listMemberships(models, ofTeam(team), parsed, input, options, () =>
    Promise.resolve(new Map([[team._id, team.name]])),
  );
}

/**
 * GET /v1/users/{userId}/memberships (spec §5.15): every membership of the user, pending ones
 * included. Appwrite returns the page size as `total` (§16.4); Roster deliberately returns the
 * real count of matches, like every other list. Only memberships written for this user and for
 * teams as they are now count (epochs): one more round trip each for the user's team ids and for
 * those teams.
 */
export async function listUserMemberships(
  models: Models,
  userId: string,
  input: ListInput,
  options: ListOptions = {},
): Promise<MembershipList> {
  const parsed = parseQueries(input.queries ?? [], MEMBERSHIP_QUERIES);
  const user = await models.User.findById(userId).lean();
  if (!user) throw new AppError('user_not_found');
  const own = await models.Membership.find(ofUser(user)).select({ teamId: 1, teamEpoch: 1 }).lean();
  const teamIds = unique(own.map((membership) => membership.teamId));
  const teams =
    teamIds.length > 0
      ? await models.Team.find({ _id: { $in: teamIds } })
          .select({ name: 1, epoch: 1 })
          .lean()
      : [];
  const scope = allOf(ofUser(user), ownedByAny(teams, 'teamId', 'teamEpoch'));
  const names = new Map(teams.map((team) => [team._id, team.name]));
  return listMemberships(models, scope, parsed, input, options, () => Promise.resolve(names));
}

/**
 * The page within `scope`, then its users and team names with one query each, so the number
 * of round trips is the same for any page size. A membership whose user was re-created under its
 * id (another epoch) is left out of the page: it can only be a leftover of a writer that died
 * mid-way (membership-ties.ts), and is not the new user's.
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
          .select('name email phone epoch')
          .lean()
      : Promise.resolve([]),
    teamIds.length > 0 ? teamNames(teamIds) : Promise.resolve(new Map<string, string>()),
  ]);
  const usersById = new Map(users.map((user) => [user._id, user]));
  return {
    total: page.total,
    memberships: page.items.flatMap((membership) => {
      const user = usersById.get(membership.userId);
      if (user && !belongsToUser(membership, user)) return [];
      return [toMembershipDto(membership, user, names.get(membership.teamId) ?? '')];
    }),
  };
}

const unique = (values: string[]) => [...new Set(values)];

type MembershipFilter = QueryFilter<Membership>;
