/**
 * The validated environment. This is the only module that reads process.env:
 * everything else asks `getConfig()`. Embedded mode (the demo, the tests) needs
 * no variable at all; each driver is chosen here from what is set.
 */
import path from 'node:path';
import { z } from 'zod';
import { parseCidr } from '@/lib/net/ip';

/** Who may tell Haven the client's address in a header (lib/http/request-address.ts reads them). */
export type TrustedProxies =
  { kind: 'none' } | { kind: 'cloudfront' } | { kind: 'vercel' } | { kind: 'ranges'; ranges: readonly string[] };

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const rawSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    APP_ROOT_DOMAIN: optionalString.pipe(
      z
        .string()
        .toLowerCase()
        .regex(
          /^[a-z0-9.-]+(:\d{1,5})?$/,
          'must be a host name with an optional port, e.g. haven.example.org or localhost:3000',
        )
        .optional(),
    ),
    APP_PROTOCOL: z.enum(['http', 'https']).optional(),
    HAVEN_DATA_DIR: z.string().trim().min(1).default('.data'),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(
          /^(postgres(ql)?:\/\/|memory:\/\/$)/,
          'must be a postgres:// URL, or memory:// for an in-memory database',
        )
        .optional(),
    ),
    DATABASE_DRIVER: z.enum(['pg', 'neon']).optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
    FILES_DIR: optionalString,
    S3_BUCKET: optionalString,
    S3_REGION: z.string().trim().default('eu-west-2'),
    S3_ENDPOINT: optionalString.pipe(z.string().url('must be a URL such as http://127.0.0.1:9000').optional()),
    S3_FORCE_PATH_STYLE: flag,
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    KEY_PROVIDER: z.enum(['local', 'kms']).default('local'),
    HAVEN_MASTER_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
        .optional(),
    ),
    KMS_KEY_ID: optionalString,
    // The key of the UPN hash that transfers match pupils on (lib/mis/upn-hash.ts).
    UPN_MATCH_SECRET: optionalString.pipe(
      z.string().min(32, 'must be at least 32 random characters (openssl rand -base64 32)').optional(),
    ),
    KMS_REGION: z.string().trim().default('eu-west-2'),
    KMS_ENDPOINT: optionalString.pipe(z.string().url().optional()),
    MAIL_DRIVER: z.enum(['outbox', 'ses']).default('outbox'),
    MAIL_FROM: z.string().trim().default('Haven <no-reply@haven.localhost>'),
    SES_REGION: z.string().trim().default('eu-west-2'),
    SES_ENDPOINT: optionalString.pipe(z.string().url().optional()),
    SCHEDULER: z.enum(['inprocess', 'external']).optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    TRUSTED_PROXIES: optionalString.pipe(
      z
        .string()
        .max(4000)
        .transform((v) => v.toLowerCase())
        .refine(
          (v) => v === 'cloudfront' || v === 'vercel' || v.split(',').every((r) => parseCidr(r) !== null),
          'must be "cloudfront", "vercel", or addresses and CIDR ranges separated by commas, e.g. 10.0.0.0/8,2001:db8::/32',
        )
        .optional(),
    ),
    // Optional virus scanning of uploaded documents by a ClamAV daemon (lib/vault/scan.ts).
    CLAMAV_SOCKET: optionalString.pipe(
      z
        .string()
        .startsWith('/', 'must be the absolute path of clamd’s unix socket, e.g. /run/clamav/clamd.ctl')
        .optional(),
    ),
    CLAMAV_HOST: optionalString,
    CLAMAV_PORT: z.coerce.number().int().min(1).max(65535).default(3310),
    // Written by scripts/server.ts at start-up (a fresh random value each time), never by hand: see lib/http/peer-stamp.ts.
    HAVEN_PEER_TOKEN: optionalString.pipe(z.string().min(32).optional()),
    // Sign-in with the school's Microsoft or Google account (lib/auth/sso.ts): each provider is optional.
    OIDC_MICROSOFT_CLIENT_ID: optionalString,
    OIDC_MICROSOFT_CLIENT_SECRET: optionalString,
    OIDC_MICROSOFT_TENANT: optionalString.pipe(
      z
        .string()
        .regex(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
          'must be the tenant id (Directory ID, a GUID) of the Microsoft Entra tenant',
        )
        .optional(),
    ),
    OIDC_GOOGLE_CLIENT_ID: optionalString,
    OIDC_GOOGLE_CLIENT_SECRET: optionalString,
    // Tests only: every configured provider talks to this issuer instead (a local OpenID Connect provider).
    OIDC_TEST_ISSUER: optionalString.pipe(z.string().url('must be a URL such as http://127.0.0.1:3499').optional()),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_DRIVER === 'neon' && (!env.DATABASE_URL || env.DATABASE_URL === 'memory://')) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when DATABASE_DRIVER=neon' });
    }
    if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required when STORAGE_DRIVER=s3' });
    }
    if (env.CLAMAV_SOCKET && env.CLAMAV_HOST) {
      ctx.addIssue({
        code: 'custom',
        path: ['CLAMAV_HOST'],
        message: 'set either CLAMAV_SOCKET or CLAMAV_HOST (with CLAMAV_PORT), not both',
      });
    }
    if (env.KEY_PROVIDER === 'kms' && !env.KMS_KEY_ID) {
      ctx.addIssue({ code: 'custom', path: ['KMS_KEY_ID'], message: 'is required when KEY_PROVIDER=kms' });
    }
    for (const [id, secret] of [
      ['OIDC_MICROSOFT_CLIENT_ID', 'OIDC_MICROSOFT_CLIENT_SECRET'],
      ['OIDC_GOOGLE_CLIENT_ID', 'OIDC_GOOGLE_CLIENT_SECRET'],
    ] as const) {
      if (Boolean(env[id]) !== Boolean(env[secret]))
        ctx.addIssue({
          code: 'custom',
          path: [env[id] ? secret : id],
          message: `set both ${id} and ${secret}, or neither`,
        });
    }
    if (env.OIDC_MICROSOFT_CLIENT_ID && !env.OIDC_MICROSOFT_TENANT && !env.OIDC_TEST_ISSUER) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_MICROSOFT_TENANT'],
        message: 'is required with OIDC_MICROSOFT_CLIENT_ID (the tenant id, a GUID)',
      });
    }
    if (
      env.OIDC_TEST_ISSUER &&
      env.NODE_ENV === 'production' &&
      !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(`${env.OIDC_TEST_ISSUER}/`)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_TEST_ISSUER'],
        message: 'is for tests only: it must be a local address (http://127.0.0.1:PORT)',
      });
    }
    // On a server database the app may run on several machines (or serverless):
    // a master key file on one machine's disk would leave the others unable to
    // read what it encrypted, so the key must come from the environment or KMS.
    if (
      env.NODE_ENV === 'production' &&
      env.DATABASE_URL &&
      env.DATABASE_URL !== 'memory://' &&
      env.KEY_PROVIDER === 'local' &&
      !env.HAVEN_MASTER_KEY
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['HAVEN_MASTER_KEY'],
        message: 'is required in production on a server database (or use KEY_PROVIDER=kms)',
      });
    }
    // Every machine must hash UPNs alike, and a guessable key would let anyone holding the
    // hashes test UPNs against them: production on a server database needs its own secret.
    if (
      env.NODE_ENV === 'production' &&
      env.DATABASE_URL &&
      env.DATABASE_URL !== 'memory://' &&
      !env.UPN_MATCH_SECRET
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['UPN_MATCH_SECRET'],
        message: 'is required in production on a server database',
      });
    }
  });

export type DatabaseConfig =
  | { driver: 'pglite'; dataDir: string | null } // null: in memory
  | { driver: 'pg' | 'neon'; url: string; poolMax: number };

export interface Config {
  env: 'development' | 'production' | 'test';
  rootDomain: string; // host[:port], lower case
  port: number;
  protocol: 'http' | 'https';
  dataDir: string; // absolute
  database: DatabaseConfig;
  storage:
    | { driver: 'local'; dir: string }
    | {
        driver: 's3';
        bucket: string;
        region: string;
        endpoint?: string;
        forcePathStyle: boolean;
        credentials?: { accessKeyId: string; secretAccessKey: string };
      };
  keys:
    | { provider: 'local'; masterKey?: string; keyFile: string }
    | { provider: 'kms'; keyId: string; region: string; endpoint?: string };
  mail: { driver: 'outbox' | 'ses'; from: string; sesRegion: string; sesEndpoint?: string };
  scheduler: 'inprocess' | 'external';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  trustedProxies: TrustedProxies;
  /** The ClamAV daemon that scans uploaded documents; null: no scanning. */
  clamav: { socket: string } | { host: string; port: number } | null;
  /**
   * The key of the UPN hash transfers match on. Without UPN_MATCH_SECRET (embedded, development, tests)
   * a fixed development value, so every process of an install hashes alike.
   */
  upnMatchSecret: string;
  /** The token of Haven's server's peer-address stamp; null when no such server runs (plain `next start`, `next dev`). */
  peerToken: string | null;
  /** Sign-in with Microsoft or Google: the providers this deployment has (each null when not configured). */
  sso: {
    microsoft: { clientId: string; clientSecret: string; issuer: string } | null;
    google: { clientId: string; clientSecret: string; issuer: string } | null;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Haven cannot start: the environment is not valid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment into a Config; pure, so tests can feed it any env. */
export function parseConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = rawSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.HAVEN_DATA_DIR);
  // In development the root domain follows the port: http://demo.localhost:3000.
  const rootDomain = e.APP_ROOT_DOMAIN ?? `localhost:${e.PORT}`;
  const isLocalRoot = /(^|\.)localhost(:\d+)?$/.test(rootDomain);

  let database: DatabaseConfig;
  if (!e.DATABASE_URL) database = { driver: 'pglite', dataDir: path.join(dataDir, 'pglite') };
  else if (e.DATABASE_URL === 'memory://') database = { driver: 'pglite', dataDir: null };
  else database = { driver: e.DATABASE_DRIVER ?? 'pg', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX };

  return {
    env: e.NODE_ENV,
    rootDomain,
    port: e.PORT,
    protocol: e.APP_PROTOCOL ?? (isLocalRoot ? 'http' : 'https'),
    dataDir,
    database,
    storage:
      e.STORAGE_DRIVER === 's3'
        ? {
            driver: 's3',
            bucket: e.S3_BUCKET!,
            region: e.S3_REGION,
            endpoint: e.S3_ENDPOINT,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
            credentials:
              e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
                ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
                : undefined,
          }
        : { driver: 'local', dir: path.resolve(cwd, e.FILES_DIR ?? path.join(dataDir, 'files')) },
    keys:
      e.KEY_PROVIDER === 'kms'
        ? { provider: 'kms', keyId: e.KMS_KEY_ID!, region: e.KMS_REGION, endpoint: e.KMS_ENDPOINT }
        : { provider: 'local', masterKey: e.HAVEN_MASTER_KEY, keyFile: path.join(dataDir, 'master.key') },
    mail: { driver: e.MAIL_DRIVER, from: e.MAIL_FROM, sesRegion: e.SES_REGION, sesEndpoint: e.SES_ENDPOINT },
    scheduler: e.SCHEDULER ?? (database.driver === 'pglite' ? 'inprocess' : 'external'),
    logLevel: e.LOG_LEVEL,
    trustedProxies: trustedProxiesOf(e.TRUSTED_PROXIES),
    clamav: e.CLAMAV_SOCKET
      ? { socket: e.CLAMAV_SOCKET }
      : e.CLAMAV_HOST
        ? { host: e.CLAMAV_HOST, port: e.CLAMAV_PORT }
        : null,
    peerToken: e.HAVEN_PEER_TOKEN ?? null,
    upnMatchSecret: e.UPN_MATCH_SECRET ?? DEVELOPMENT_UPN_MATCH_SECRET,
    sso: {
      microsoft:
        e.OIDC_MICROSOFT_CLIENT_ID && e.OIDC_MICROSOFT_CLIENT_SECRET
          ? {
              clientId: e.OIDC_MICROSOFT_CLIENT_ID,
              clientSecret: e.OIDC_MICROSOFT_CLIENT_SECRET,
              issuer: e.OIDC_TEST_ISSUER ?? `https://login.microsoftonline.com/${e.OIDC_MICROSOFT_TENANT}/v2.0`,
            }
          : null,
      google:
        e.OIDC_GOOGLE_CLIENT_ID && e.OIDC_GOOGLE_CLIENT_SECRET
          ? {
              clientId: e.OIDC_GOOGLE_CLIENT_ID,
              clientSecret: e.OIDC_GOOGLE_CLIENT_SECRET,
              issuer: e.OIDC_TEST_ISSUER ?? 'https://accounts.google.com',
            }
          : null,
    },
  };
}

function trustedProxiesOf(value: string | undefined): TrustedProxies {
  if (!value) return { kind: 'none' };
  if (value === 'cloudfront' || value === 'vercel') return { kind: value };
  return { kind: 'ranges', ranges: value.split(',').map((r) => r.trim()) };
}

/** The UPN hash key when none is configured (never in production on a server database). */
export const DEVELOPMENT_UPN_MATCH_SECRET = 'haven-development-upn-match-secret-not-for-production';

let cached: Config | undefined;

/** The process's configuration, validated once. Throws ConfigError with one line per problem. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests swap the configuration (e.g. to point at a temporary directory). */
export function setConfigForTests(next: Config | undefined): void {
  cached = next;
}
