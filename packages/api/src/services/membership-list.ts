import {
  belongsToUser,
  type Listing,
  type Repositories,
  type StoredMembership,
  type TeamTie,
} from '@roster/db';
import { toMembershipDto, type MembershipDto } from '../dto/membership.ts';
import { FULL_VIEW, viewMembership, type MembershipView } from '../dto/membership-privacy.ts';
import { AppError } from '../errors.ts';
import {
  allOf,
  invalidQueries,
  compileFilters,
  listSchema,
  parseQueries,
  searchFilter,
  sortKeys,
  type ParsedQueries,
} from '../queries/index.ts';
import { type FilterNode } from '../queries/ast.ts';
import { fetchPage, loadCursor, pageRequest, type ListInput, type ListOptions } from './list-page.ts';

/**
 * What membership lists may query (docs/appwrite-compatibility.md#queries-search-and-pages); `roles` is an
 * array: `contains` only.
 */
const MEMBERSHIP_QUERIES = listSchema({
  userId: { type: 'string', field: 'userId' },
  teamId: { type: 'string', field: 'teamId' },
  invited: { type: 'datetime', field: 'invited' },
  joined: { type: 'datetime', field: 'joined', nullable: true },
  confirm: { type: 'boolean', field: 'confirm' },
  roles: { type: 'string', field: 'roles', array: true },
});

type MembershipList = { total: number; memberships: MembershipDto[] };

/**
 * GET /v1/teams/{teamId}/memberships (docs/appwrite-compatibility.md#queries-search-and-pages): the team's
 * memberships, pending invitations included (a pending one shows only what its inviter supplied,
 * dto/membership.ts), and only those written for this team (epochs, docs/database.md). User fields are
 * shown as the caller's privacy `view` allows (docs/appwrite-compatibility.md#membership-privacy), and a
 * hidden `userId` cannot be learnt by filtering, ordering or searching on it (`guardHiddenUserId`).
 */
export async function listTeamMemberships(
  repos: Repositories,
  team: TeamTie & { name: string },
  input: ListInput,
  options: ListOptions = {},
  view: MembershipView = FULL_VIEW,
): Promise<MembershipList> {
  const parsed = parseQueries(input.queries ?? [], MEMBERSHIP_QUERIES);
  const userIdHidden = view.hidden.has('userId');
  if (userIdHidden) guardHiddenUserId(parsed, view.self);
  const teamNames = new Map([[team._id, team.name]]);
  const list = await listMemberships(repos, repos.memberships.inTeam(team), teamNames, parsed, input, {
    ...options,
    // Appwrite's search matches the membership id and the user id; a hidden user id is left out.
    searchField: userIdHidden ? '_id' : 'search',
  });
  return { ...list, memberships: list.memberships.map((membership) => viewMembership(membership, view)) };
}

/**
 * Appwrite lets members filter on `userId` even when it hides it, which tells them whether anyone is a
 * member (and their membership and roles). Roster lets such a caller filter only on their own id
 * (`equal('userId', [me])`: which membership is mine), and refuses ordering on it (the order of
 * hidden values is a leak too). The other hidden fields are not queryable at all.
 */
function guardHiddenUserId(parsed: ParsedQueries, self: string): void {
  const refuse = () =>
    invalidQueries(
      'Invalid query: userId is hidden from members by the membership privacy settings; a member may only query equal("userId", [<their own id>])',
    );
  const check = (node: FilterNode): void => {
    if (node.kind === 'logical') return node.children.forEach(check);
    if (node.attribute !== 'userId') return;
    if (node.method !== 'equal' || node.values.some((value) => value !== self)) throw refuse();
  };
  parsed.filters.forEach(check);
  if (parsed.orders.some((order) => order.attribute === 'userId')) throw refuse();
}

/**
 * GET /v1/users/{userId}/memberships (docs/appwrite-compatibility.md#queries-search-and-pages): every
 * membership of the user, pending ones included. Appwrite returns the page size as `total`
 * (docs/appwrite-compatibility.md#appwrites-quirks-and-what-roster-does); Roster deliberately returns the
 * real count of matches, like every other list. Only memberships written for this user and for teams as they
 * are now count (epochs).
 */
export async function listUserMemberships(
  repos: Repositories,
  userId: string,
  input: ListInput,
  options: ListOptions = {},
): Promise<MembershipList> {
  const parsed = parseQueries(input.queries ?? [], MEMBERSHIP_QUERIES);
  const user = await repos.users.byId(userId);
  if (!user) throw new AppError('user_not_found');
  const { listing, teamNames } = await repos.memberships.ofUser(user);
  return listMemberships(repos, listing, teamNames, parsed, input, options);
}

/**
 * The page of `memberships`, then its users with one query, so the number of round trips is the
 * same for any page size. A membership whose user was re-created under its id (another epoch) is
 * left out of the page: it can only be a leftover of a writer that died mid-way, and is not the
 * new user's.
 */
async function listMemberships(
  repos: Repositories,
  memberships: Listing<StoredMembership>,
  teamNames: ReadonlyMap<string, string>,
  parsed: ParsedQueries,
  input: ListInput,
  options: ListOptions & { searchField?: string },
): Promise<MembershipList> {
  const filter = allOf(
    input.search ? searchFilter(input.search, options.searchField) : {},
    compileFilters(parsed.filters),
  );
  const cursor = await loadCursor(parsed.cursor, 'Membership', memberships);
  const keys = sortKeys(parsed.orders, MEMBERSHIP_QUERIES);
  const page = await fetchPage(memberships, pageRequest(parsed, input, options, { filter, keys, cursor }));
  const users = await repos.users.byIds([...new Set(page.items.map((membership) => membership.userId))]);
  const usersById = new Map(users.map((user) => [user._id, user]));
  return {
    total: page.total,
    memberships: page.items.flatMap((membership) => {
      const user = usersById.get(membership.userId);
      if (user && !belongsToUser(membership, user)) return [];
      return [toMembershipDto(membership, user, teamNames.get(membership.teamId) ?? '')];
    }),
  };
}
