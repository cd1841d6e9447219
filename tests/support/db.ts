/**
 * A fresh, migrated database for one test file: PGlite in memory by default;
 * with HAVEN_TEST_DATABASE=pg (npm run test:pg) a new database on the Postgres
 * server in DATABASE_URL, dropped afterwards. The same suites run on both.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { parseConfig, setConfigForTests } from '@/lib/config';
import { closeDb } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';

export const testDriver = process.env.HAVEN_TEST_DATABASE === 'pg' ? 'pg' : 'pglite';

async function adminQuery(url: string, text: string) {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function openTestDatabase(extraEnv: Record<string, string> = {}): Promise<() => Promise<void>> {
  let dropUrl: string | null = null;
  let dbName = '';
  let url = 'memory://';
  if (testDriver === 'pg') {
    const base = process.env.DATABASE_URL;
    if (!base || !base.startsWith('postgres')) {
      throw new Error(
        'npm run test:pg needs DATABASE_URL=postgres://… pointing at a server where it may create databases.',
      );
    }
    dbName = `haven_test_${randomBytes(6).toString('hex')}`;
    // Roles are cluster-wide: test files migrating their own databases at the
    // same moment would race on migration 0000's "create role if not exists"
    // (a unique violation on pg_authid). Creating it here, one file at a time,
    // leaves the migration nothing to race on.
    await adminQuery(
      base,
      `select pg_advisory_lock(727001);
       do $$ begin
         if not exists (select 1 from pg_roles where rolname = 'haven_app') then create role haven_app nologin noinherit nobypassrls; end if;
       end $$;
       select pg_advisory_unlock(727001);`,
    );
    await adminQuery(base, `create database ${dbName}`);
    const u = new URL(base);
    u.pathname = `/${dbName}`;
    url = u.toString();
    dropUrl = base;
  }
  setConfigForTests(
    parseConfig({ NODE_ENV: 'test', DATABASE_URL: url, HAVEN_DATA_DIR: '/tmp/haven-test-data', ...extraEnv }),
  );
  await closeDb();
  await migrateDatabase();
  return async () => {
    await closeDb();
    if (dropUrl) await adminQuery(dropUrl, `drop database if exists ${dbName} with (force)`);
    setConfigForTests(undefined);
  };
}

/** Registers beforeAll/afterAll hooks for a test file. */
export function withTestDatabase(extraEnv: Record<string, string> = {}) {
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    close = await openTestDatabase(extraEnv);
  });
  afterAll(async () => {
    await close?.();
  });
}
