import { z } from 'zod';

/** Appwrite's JWT model. */
export const ZJwt = z.object({ jwt: z.string() }).meta({ id: 'JWT' });
export type JwtDto = z.infer<typeof ZJwt>;
