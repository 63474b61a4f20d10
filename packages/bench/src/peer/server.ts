/**
 * The peer: better-auth with its organization plugin (teams, invitations, members) on the same
 * database through its MongoDB adapter, served by Express like Roster. Environment: PORT,
 * MONGODB_URI (database in the path).
 */
import { betterAuth } from 'better-auth';
import { mongodbAdapter } from 'better-auth/adapters/mongodb';
import { toNodeHandler } from 'better-auth/node';
import { organization } from 'better-auth/plugins';
import express from 'express';
import { MongoClient } from 'mongodb';

const port = Number(process.env.PORT ?? 0);
const client = new MongoClient(process.env.MONGODB_URI ?? '');
await client.connect();

export const auth = betterAuth({
  baseURL: `http://127.0.0.1:${port}`,
  secret: 'roster-bench-peer-secret-0123456789abcdef',
  // FerretDB v1 has no multi-document transactions (docs/database.md).
  database: mongodbAdapter(client.db(), { transaction: false }),
  emailAndPassword: { enabled: true, minPasswordLength: 8 },
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  plugins: [
    organization({
      sendInvitationEmail: async () => {},
      membershipLimit: 1_000_000,
      invitationLimit: 1_000_000,
    }),
  ],
});

const app = express();
app.disable('x-powered-by');
app.get('/ready', (_req, res) => res.json({ ok: true }));
app.all('/api/auth/*splat', toNodeHandler(auth));
app.listen(port, '127.0.0.1');
