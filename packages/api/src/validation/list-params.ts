import { zLooseBoolean, zQueries, zText } from './params.ts';

/**
 * The parameters of every list (docs/appwrite-compatibility.md#queries-search-and-pages): `queries`, `search`
 * (Text(256)) and `total`.
 */
export const listParams = () => ({
  queries: zQueries().optional(),
  search: zText(256).optional(),
  total: zLooseBoolean().optional(),
});
