import { zLooseBoolean, zQueries, zText } from './params.ts';

/** The parameters of every list (spec §5.2): `queries`, `search` (Text(256)) and `total`. */
export const listParams = () => ({
  queries: zQueries().optional(),
  search: zText(256).optional(),
  total: zLooseBoolean().optional(),
});
