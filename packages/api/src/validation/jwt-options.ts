import { MAX_JWT_DURATION } from '../auth/jwt.ts';
import { zLooseBoolean, zRange } from './params.ts';

/** The parameters both JWT routes share: Appwrite's `duration`, and Roster's `teams`. */
export const zJwtOptions = {
  duration: zRange(0, MAX_JWT_DURATION)
    .optional()
    .meta({ description: 'Seconds the JWT is valid (1–3600; default 900).' }),
  teams: zLooseBoolean().optional().meta({
    description:
      "Roster's extension: embed the user's confirmed memberships as `teams: [{ id, roles }]` (at most 50).",
  }),
};
