import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/roster', ROSTER_SECRET_KEY: 's'.repeat(32) };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(base)).toMatchObject({
      PORT: 3000,
      REDIS_URL: 'redis://127.0.0.1:6379',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      ROSTER_PROJECT_ID: 'default',
      ROSTER_PROJECT_NAME: 'Roster',
      ROSTER_REDIRECT_HOSTS: ['localhost'],
      ROSTER_PUBLIC_URL: 'http://localhost:3000',
      ROSTER_INVITE_TTL: 604_800,
      ROSTER_ACTIVITY_LOG_RETENTION: 1_209_600,
      LOG_LEVEL: 'info',
    });
    expect(loadConfig(base).ROSTER_GEOIP_DATABASE).toBeUndefined();
  });

  it('refuses an activity log retention under an hour', () => {
    expect(
      loadConfig({ ...base, ROSTER_ACTIVITY_LOG_RETENTION: '86400' }).ROSTER_ACTIVITY_LOG_RETENTION,
    ).toBe(86_400);
    expect(() => loadConfig({ ...base, ROSTER_ACTIVITY_LOG_RETENTION: '60' })).toThrow(
      /ROSTER_ACTIVITY_LOG_RETENTION/,
    );
  });

  it('takes ROSTER_INVITE_TTL=0 as never expiring, and refuses 1–59 seconds', () => {
    expect(loadConfig({ ...base, ROSTER_INVITE_TTL: '0' }).ROSTER_INVITE_TTL).toBe(0);
    expect(loadConfig({ ...base, ROSTER_INVITE_TTL: '3600' }).ROSTER_INVITE_TTL).toBe(3600);
    expect(() => loadConfig({ ...base, ROSTER_INVITE_TTL: '30' })).toThrow(
      /^Invalid configuration: ROSTER_INVITE_TTL must be 0 \(never expires\) or at least 60 \(seconds\)/,
    );
  });

  it('parses lists and numbers from strings', () => {
    const config = loadConfig({
      ...base,
      PORT: '8080',
      ROSTER_REDIRECT_HOSTS: 'app.example.com, *.example.org',
    });
    expect(config.PORT).toBe(8080);
    expect(config.ROSTER_REDIRECT_HOSTS).toEqual(['app.example.com', '*.example.org']);
    expect(config.ROSTER_PUBLIC_URL).toBe('http://localhost:8080');
  });

  it('names a missing MONGODB_URI and says how to get one', () => {
    expect(() => loadConfig({ ROSTER_SECRET_KEY: base.ROSTER_SECRET_KEY })).toThrow(
      /^Invalid configuration: MONGODB_URI is required \(pnpm dev starts an embedded database and sets it\)$/,
    );
  });

  it('names each bad variable with the value it got, on one line', () => {
    let message = '';
    try {
      loadConfig({ ...base, PORT: 'eighty', REDIS_URL: 'http://localhost:6379' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('\n');
    expect(message).toMatch(
      /^Invalid configuration: PORT .*\(got "eighty"\); REDIS_URL must be a redis or rediss URL \(got "http:\/\/localhost:6379"\)$/,
    );
  });

  it('never echoes a secret value', () => {
    expect(() => loadConfig({ ...base, ROSTER_API_KEY: 'short-secret' })).toThrow(
      /^Invalid configuration: ROSTER_API_KEY must be at least 32 characters$/,
    );
    expect(() => loadConfig({ ...base, ROSTER_JWT_SECRET: 'short-secret' })).toThrow(
      /^Invalid configuration: ROSTER_JWT_SECRET must be at least 32 characters$/,
    );
  });

  it('JWT keys: ROSTER_JWT_SECRET is optional; the JWT limit defaults to Appwrite’s 120 a minute', () => {
    expect(loadConfig(base).ROSTER_JWT_SECRET).toBeUndefined();
    expect(loadConfig(base).ROSTER_JWT_LIMIT).toBe(120);
    expect(loadConfig({ ...base, ROSTER_JWT_SECRET: 'j'.repeat(32) }).ROSTER_JWT_SECRET).toBe('j'.repeat(32));
  });

  // Security review finding 13: a bad URL was echoed with the password in its userinfo.
  it.each([
    ['SMTP_URL', 'smtpx://u:S3cret@h'],
    ['REDIS_URL', 'http://:S3cret@127.0.0.1:6379'],
    ['MONGODB_URI', 'mongdb://admin:S3cret@db.example.com/roster'],
    ['SMTP_URL', 'smtp://apikey:S3cret@@smtp.example.com:587x'],
  ])('never echoes credentials inside a bad %s', (name, value) => {
    let message = '';
    try {
      loadConfig({ ...base, [name]: value });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect(message).not.toContain('S3cret');
  });

  describe('file storage', () => {
    const s3 = {
      ...base,
      ROSTER_STORAGE: 's3',
      ROSTER_S3_ENDPOINT: 'https://account.r2.cloudflarestorage.com',
      ROSTER_S3_REGION: 'auto',
      ROSTER_S3_BUCKET: 'roster-files',
      ROSTER_S3_PREFIX: 'production/',
      ROSTER_S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      ROSTER_S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI-S3cret-EXAMPLEKEY',
      ROSTER_S3_FORCE_PATH_STYLE: 'true',
    };

    it('defaults to a local folder, .data/storage under the working directory', () => {
      expect(loadConfig(base).storage).toEqual({ kind: 'local', root: join(process.cwd(), '.data/storage') });
      expect(loadConfig({ ...base, ROSTER_STORAGE_DIR: '/srv/roster/files' }).storage).toEqual({
        kind: 'local',
        root: '/srv/roster/files',
      });
    });

    it('reads an S3 bucket with its endpoint, region, prefix, credentials and path style', () => {
      expect(loadConfig(s3).storage).toEqual({
        kind: 's3',
        endpoint: 'https://account.r2.cloudflarestorage.com',
        region: 'auto',
        bucket: 'roster-files',
        prefix: 'production/',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI-S3cret-EXAMPLEKEY' },
        forcePathStyle: true,
      });
      // AWS itself: no endpoint, us-east-1, virtual-hosted style, the SDK's own credentials.
      expect(loadConfig({ ...base, ROSTER_STORAGE: 's3', ROSTER_S3_BUCKET: 'roster-files' }).storage).toEqual(
        {
          kind: 's3',
          endpoint: undefined,
          region: 'us-east-1',
          bucket: 'roster-files',
          prefix: undefined,
          credentials: undefined,
          forcePathStyle: false,
        },
      );
    });

    it('names what is missing or wrong, and never echoes the credentials', () => {
      const messageOf = (env: Record<string, string>) => {
        try {
          loadConfig(env);
        } catch (error) {
          return (error as Error).message;
        }
        return 'no error';
      };
      const { ROSTER_S3_BUCKET: _bucket, ...noBucket } = s3;
      expect(messageOf(noBucket)).toBe(
        'Invalid configuration: ROSTER_S3_BUCKET is required when ROSTER_STORAGE is s3',
      );
      const { ROSTER_S3_ACCESS_KEY_ID: _id, ...secretOnly } = s3;
      expect(messageOf({ ...s3, ROSTER_S3_BUCKET: 'Not_A_Bucket' })).toMatch(
        /^Invalid configuration: ROSTER_S3_BUCKET must be a bucket name .*\(got "Not_A_Bucket"\)$/,
      );
      const message = messageOf(secretOnly);
      expect(message).toBe(
        'Invalid configuration: ROSTER_S3_ACCESS_KEY_ID is required with the other one (set both, or neither to use the AWS SDK’s default credentials)',
      );
      expect(message).not.toContain('S3cret');
      expect(messageOf({ ...base, ROSTER_STORAGE: 'gcs' })).toBe(
        'Invalid configuration: ROSTER_STORAGE must be local or s3 (got "gcs")',
      );
      expect(messageOf({ ...s3, ROSTER_S3_ENDPOINT: 'ftp://files.example.com' })).toMatch(
        /ROSTER_S3_ENDPOINT must be a http or https URL/,
      );
      expect(messageOf({ ...s3, ROSTER_S3_PREFIX: '../escape' })).toMatch(
        /^Invalid configuration: ROSTER_S3_PREFIX must be a folder/,
      );
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ ...base, PORT: '' }).PORT).toBe(3000);
  });

  it('reads ROSTER_MEMBERSHIP_PRIVACY: none by default (Appwrite’s new projects), a list, or all', () => {
    expect(Object.values(loadConfig(base).ROSTER_MEMBERSHIP_PRIVACY)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(
      loadConfig({ ...base, ROSTER_MEMBERSHIP_PRIVACY: 'userName, userEmail' }).ROSTER_MEMBERSHIP_PRIVACY,
    ).toEqual({
      userId: false,
      userName: true,
      userEmail: true,
      userPhone: false,
      mfa: false,
      userAccessedAt: false,
    });
    expect(
      Object.values(loadConfig({ ...base, ROSTER_MEMBERSHIP_PRIVACY: 'all' }).ROSTER_MEMBERSHIP_PRIVACY),
    ).toEqual([true, true, true, true, true, true]);
    expect(() => loadConfig({ ...base, ROSTER_MEMBERSHIP_PRIVACY: 'userEmail,email' })).toThrow(
      /ROSTER_MEMBERSHIP_PRIVACY must be none, all, or a comma-separated list of userId, .*"email" is none of them/,
    );
  });

  it('reads and checks the role catalog of ROSTER_ROLE_CATALOG at start-up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-roles-'));
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const good = file(
      'good.json',
      JSON.stringify({
        roles: [{ name: 'accountant', description: 'Books', permissions: ['invoices.read', 'invoices.*'] }],
      }),
    );
    expect(loadConfig({ ...base, ROSTER_ROLE_CATALOG: good }).ROSTER_ROLE_CATALOG).toEqual({
      roles: [{ name: 'accountant', description: 'Books', permissions: ['invoices.read', 'invoices.*'] }],
    });
    expect(loadConfig(base).ROSTER_ROLE_CATALOG).toBeUndefined();
    expect(() => loadConfig({ ...base, ROSTER_ROLE_CATALOG: join(dir, 'missing.json') })).toThrow(
      /ROSTER_ROLE_CATALOG cannot be read: ENOENT/,
    );
    expect(() => loadConfig({ ...base, ROSTER_ROLE_CATALOG: file('bad.json', '{roles') })).toThrow(
      /ROSTER_ROLE_CATALOG is not JSON/,
    );
    const invalid = file(
      'invalid.json',
      JSON.stringify({
        roles: [{ name: 'a', permissions: ['Invoices Read'] }, { name: 'a' }, { name: '-x' }],
      }),
    );
    expect(() => loadConfig({ ...base, ROSTER_ROLE_CATALOG: invalid })).toThrow(
      /ROSTER_ROLE_CATALOG is not a valid role catalog: roles\.0\.permissions\.0: must be dot-separated.*roles\.2\.name: must be 1 to 81.*roles\.1\.name: a is listed twice/,
    );
  });
});
