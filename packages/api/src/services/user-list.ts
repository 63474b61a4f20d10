import { type Repositories } from '@roster/db';
import { toUsersApiUserDto, type UserDto } from '../dto/user.ts';
import { allOf, compileFilters, listSchema, parseQueries, searchFilter, sortKeys } from '../queries/index.ts';
import { fetchPage, loadCursor, pageRequest, type ListInput, type ListOptions } from './list-page.ts';

/** What `users.list` queries may use (Appwrite's Users validator). */
const USER_QUERIES = listSchema({
  name: { type: 'string', field: 'name' },
  email: { type: 'string', field: 'email', nullable: true },
  phone: { type: 'string', field: 'phone', nullable: true },
  status: { type: 'boolean', field: 'status' },
  passwordUpdate: { type: 'datetime', field: 'passwordUpdate', nullable: true },
  registration: { type: 'datetime', field: 'registration' },
  emailVerification: { type: 'boolean', field: 'emailVerification' },
  phoneVerification: { type: 'boolean', field: 'phoneVerification' },
  labels: { type: 'string', field: 'labels', array: true },
});

/** GET /v1/users (API keys with `users.read`): every user; `search` matches id, email, phone, name. */
export async function listUsers(
  repos: Repositories,
  input: ListInput,
  options: ListOptions = {},
): Promise<{ total: number; users: UserDto[] }> {
  const parsed = parseQueries(input.queries ?? [], USER_QUERIES);
  const users = repos.users.all();
  const filter = allOf(input.search ? searchFilter(input.search) : {}, compileFilters(parsed.filters));
  const cursor = await loadCursor(parsed.cursor, 'User', users);
  const keys = sortKeys(parsed.orders, USER_QUERIES);
  const page = await fetchPage(users, pageRequest(parsed, input, options, { filter, keys, cursor }));
  return { total: page.total, users: page.items.map(toUsersApiUserDto) };
}
