/**
 * Driver selection: PGlite (embedded, on disk or in memory), node-postgres, or
 * Neon's WebSocket pool, from lib/config. One instance per process, created
 * lazily (never at module load, so `next build` never opens a database) and
 * kept on globalThis so development reloads reuse it.
 *
 * Only db/ touches this handle. Application code goes through db/scoped.ts
 * (one school per transaction, as the non-owner role) or db/privileged.ts.
 */
import 'server-only';
import fs from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { getConfig, type DatabaseConfig } from '@/lib/config';
import * as schema from './schema';
import { acquireEmbeddedLockWaiting } from './embedded-lock';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

interface Handle {
  db: Db;
  driver: DatabaseConfig['driver'];
  close: () => Promise<void>;
}

const g = globalThis as unknown as { __havenDb?: Promise<Handle> };

/**
 * Postgres settings of the embedded database, added to PGlite's own start
 * parameters (command-line settings win over postgresql.conf).
 *
 * shared_buffers: PGlite writes its whole buffer pool when it starts, so all
 * of it is resident from the first query: at Postgres's default of 128 MB the
 * pool was a quarter of the 512 MB an MIS import may take (and of a small
 * server's memory). Pages outside the pool are read from the files, which the
 * operating system caches, so 32 MB keeps the hot pages (catalog, indexes,
 * sessions) and costs nothing measurable: the benchmark's query cases and
 * the large school's import ran as fast as at 128 MB (docs/ARCHITECTURE.md,
 * Importer).
 */
const PGLITE_SETTINGS: Record<string, string> = { shared_buffers: '32MB' };

/**
 * An embedded database in `dataDir` (in memory when null), with Haven's
 * settings. The process's own handle comes from getDatabase(); this is
 * exported for the test that pins those settings whichever driver the
 * rest of the suite runs on.
 */
export async function openPglite(dataDir: string | null): Promise<Handle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { drizzle } = await import('drizzle-orm/pglite');
  let release = () => {};
  if (dataDir) {
    // A command-line run holds the directory only briefly; wait for it rather than fail.
    release = await acquireEmbeddedLockWaiting(dataDir, 120_000);
    fs.mkdirSync(dataDir, { recursive: true });
  }
  let client: PGlite;
  try {
    const settings = Object.entries(PGLITE_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
    client = await PGlite.create({
      dataDir: dataDir ?? undefined,
      extensions: { pg_trgm, unaccent },
      startParams: [...PGlite.defaultStartParams, ...settings],
    });
  } catch (e) {
    release();
    throw e;
  }
  return {
    db: drizzle({ client, schema }) as unknown as Db,
    driver: 'pglite',
    close: async () => {
      await client.close();
      release();
    },
  };
}

async function openPg(url: string, max: number): Promise<Handle> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new Pool({ connectionString: url, max });
  // An idle connection the server drops (a restart, a failover, an administrator) emits
  // 'error' on the pool; unhandled, that would end the process. The pool replaces the
  // connection on the next checkout, so logging is enough.
  pool.on('error', (e) => console.error(`database: an idle connection was closed (${e.message})`));
  return { db: drizzle({ client: pool, schema }) as unknown as Db, driver: 'pg', close: () => pool.end() };
}

async function openNeon(url: string, max: number): Promise<Handle> {
  const { Pool, neonConfig } = await import('@neondatabase/serverless');
  const { drizzle } = await import('drizzle-orm/neon-serverless');
  const ws = (await import('ws')).default;
  // Node has no global WebSocket before v22: give Neon's pool the ws package.
  neonConfig.webSocketConstructor = ws;
  const pool = new Pool({ connectionString: url, max });
  pool.on('error', (e: Error) => console.error(`database: an idle connection was closed (${e.message})`));
  return { db: drizzle({ client: pool, schema }) as unknown as Db, driver: 'neon', close: () => pool.end() };
}

function open(cfg: DatabaseConfig): Promise<Handle> {
  switch (cfg.driver) {
    case 'pglite':
      return openPglite(cfg.dataDir);
    case 'pg':
      return openPg(cfg.url, cfg.poolMax);
    case 'neon':
      return openNeon(cfg.url, cfg.poolMax);
  }
}

/** The process's database handle (owner privileges). For db/ only. */
export async function getDatabase(): Promise<Handle> {
  if (!g.__havenDb) {
    const opening = open(getConfig().database);
    g.__havenDb = opening;
    opening.catch(() => {
      if (g.__havenDb === opening) g.__havenDb = undefined;
    });
  }
  return g.__havenDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Closes the handle (CLI exit, tests). The next getDb() opens a new one. */
export async function closeDb(): Promise<void> {
  const h = g.__havenDb;
  g.__havenDb = undefined;
  if (h) await (await h).close();
}

/**
 * Rows of a raw `tx.execute(sql…)`. Every driver returns an object with `rows`
 * (node-postgres, PGlite and Neon alike); the generic type cannot say so.
 */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
