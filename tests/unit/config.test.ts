import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_UPN_MATCH_SECRET, parseConfig } from '@/lib/config';

describe('parseConfig', () => {
  it('needs nothing for the embedded mode', () => {
    const c = parseConfig({}, '/srv/haven');
    expect(c.database).toEqual({ driver: 'pglite', dataDir: '/srv/haven/.data/pglite' });
    expect(c.rootDomain).toBe('localhost:3000');
    expect(c.protocol).toBe('http');
    expect(c.storage).toEqual({ driver: 'local', dir: '/srv/haven/.data/files' });
    expect(c.keys).toMatchObject({ provider: 'local', keyFile: '/srv/haven/.data/master.key' });
    expect(c.mail.driver).toBe('outbox');
    expect(c.scheduler).toBe('inprocess');
  });

  it('follows the port for the local root domain', () => {
    expect(parseConfig({ PORT: '3199' }).rootDomain).toBe('localhost:3199');
  });

  it('picks node-postgres for a postgres URL, Neon when asked, memory for memory://', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toMatchObject({
      driver: 'pg',
      url: 'postgres://u@h/db',
    });
    expect(parseConfig({ DATABASE_URL: 'postgres://u@h/db', DATABASE_DRIVER: 'neon' }).database.driver).toBe('neon');
    expect(parseConfig({ DATABASE_URL: 'memory://' }).database).toEqual({ driver: 'pglite', dataDir: null });
    expect(parseConfig({ DATABASE_URL: 'postgres://u@h/db' }).scheduler).toBe('external');
  });

  it('uses https for a real domain', () => {
    const c = parseConfig({ APP_ROOT_DOMAIN: 'Haven.Example.org' });
    expect(c.rootDomain).toBe('haven.example.org');
    expect(c.protocol).toBe('https');
  });

  it('reports every problem, one line each, naming the variable', () => {
    try {
      parseConfig({
        DATABASE_URL: 'mysql://x',
        STORAGE_DRIVER: 's3',
        KEY_PROVIDER: 'kms',
        HAVEN_MASTER_KEY: 'short',
        PORT: 'abc',
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      expect(problems.some((p) => p.startsWith('DATABASE_URL:'))).toBe(true);
      expect(problems.some((p) => p.startsWith('HAVEN_MASTER_KEY:'))).toBe(true);
      expect(problems.some((p) => p.startsWith('PORT:'))).toBe(true);
      expect((e as Error).message.split('\n').length).toBe(problems.length + 1);
    }
  });

  it('requires the bucket and key id for the AWS drivers', () => {
    expect(() => parseConfig({ STORAGE_DRIVER: 's3', KEY_PROVIDER: 'kms' })).toThrow(
      /S3_BUCKET: is required[\s\S]*KMS_KEY_ID: is required/,
    );
  });

  it('requires the master key from the environment (or KMS) in production on a server database', () => {
    expect(() =>
      parseConfig({
        OIDC_MICROSOFT_CLIENT_ID: 'a',
        OIDC_MICROSOFT_CLIENT_SECRET: 'b',
        OIDC_MICROSOFT_TENANT: 'organizations',
      }),
    ).toThrow(/OIDC_MICROSOFT_TENANT: must be the tenant id/);
    expect(() => parseConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' })).toThrow(
      /HAVEN_MASTER_KEY: is required in production/,
    );
    expect(
      parseConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://u@h/db',
        KEY_PROVIDER: 'kms',
        KMS_KEY_ID: 'arn:k',
        UPN_MATCH_SECRET: 'u'.repeat(32),
      }).keys.provider,
    ).toBe('kms');
    expect(parseConfig({ NODE_ENV: 'production' }).database.driver).toBe('pglite'); // embedded: the key file is fine
  });

  it('requires the UPN match secret in production on a server database, and keeps a development one otherwise', () => {
    const server = { NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db', KEY_PROVIDER: 'kms', KMS_KEY_ID: 'k' };
    expect(() => parseConfig(server)).toThrow(/UPN_MATCH_SECRET: is required in production/);
    expect(() => parseConfig({ ...server, UPN_MATCH_SECRET: 'short' })).toThrow(
      /UPN_MATCH_SECRET: must be at least 32/,
    );
    expect(parseConfig({ ...server, UPN_MATCH_SECRET: 's'.repeat(40) }).upnMatchSecret).toBe('s'.repeat(40));
    expect(parseConfig({}).upnMatchSecret).toBe(DEVELOPMENT_UPN_MATCH_SECRET);
  });

  it('configures Microsoft and Google sign-in only when both halves of a client are given', () => {
    expect(parseConfig({}).sso).toEqual({ microsoft: null, google: null });
    const both = parseConfig({
      OIDC_MICROSOFT_CLIENT_ID: 'ms-id',
      OIDC_MICROSOFT_CLIENT_SECRET: 'ms-secret',
      OIDC_MICROSOFT_TENANT: '2f1d6e2a-53b4-4c1e-9a3e-0d8c4b7f6a10',
      OIDC_GOOGLE_CLIENT_ID: 'g-id',
      OIDC_GOOGLE_CLIENT_SECRET: 'g-secret',
    }).sso;
    expect(both.microsoft).toEqual({
      clientId: 'ms-id',
      clientSecret: 'ms-secret',
      issuer: 'https://login.microsoftonline.com/2f1d6e2a-53b4-4c1e-9a3e-0d8c4b7f6a10/v2.0',
    });
    expect(both.google?.issuer).toBe('https://accounts.google.com');
    expect(() => parseConfig({ OIDC_GOOGLE_CLIENT_ID: 'g-id' })).toThrow(/OIDC_GOOGLE_CLIENT_SECRET: set both/);
    expect(() => parseConfig({ OIDC_MICROSOFT_CLIENT_ID: 'a', OIDC_MICROSOFT_CLIENT_SECRET: 'b' })).toThrow(
      /OIDC_MICROSOFT_TENANT: is required/,
    );
    expect(() =>
      parseConfig({
        OIDC_MICROSOFT_CLIENT_ID: 'a',
        OIDC_MICROSOFT_CLIENT_SECRET: 'b',
        OIDC_MICROSOFT_TENANT: 'organizations',
      }),
    ).toThrow(/OIDC_MICROSOFT_TENANT: must be the tenant id/);
    expect(() => parseConfig({ NODE_ENV: 'production', OIDC_TEST_ISSUER: 'https://idp.example.org' })).toThrow(
      /OIDC_TEST_ISSUER: is for tests only/,
    );
    expect(
      parseConfig({
        OIDC_GOOGLE_CLIENT_ID: 'g',
        OIDC_GOOGLE_CLIENT_SECRET: 's',
        OIDC_TEST_ISSUER: 'http://127.0.0.1:3499',
      }).sso.google?.issuer,
    ).toBe('http://127.0.0.1:3499');
  });
});
