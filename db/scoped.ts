/**
 * The only way application code reaches tenant data: one transaction per unit
 * of work, run as the non-owner role `haven_app` with the school id set for that
 * transaction alone. Row-level security then hides every other school's rows
 * even from a query that forgets its `where school_id = …`.
 *
 * Both settings are transaction-local (set_config(..., true)), so nothing leaks
 * to the next transaction on a pooled connection.
 */
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { getDb, type Tx } from './client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The settings a scoped transaction runs with; every policy reads only these. */
interface Scope {
  schoolId: string;
  userId: string;
  /** A narrow extra visibility: the switcher's own memberships, or a sign-in lookup. */
  scope: '' | 'own-memberships' | 'sign-in-lookup';
  signInEmail: string;
}

/**
 * Marks the code running inside a scoped transaction. Transactions do not
 * nest: on the embedded database (one connection) a second one would wait
 * for the first forever, and on a pool it would not see the first's writes.
 * Starting one inside another is a programming error, reported at once.
 */
const insideTransaction = new AsyncLocalStorage<true>();

/** One transaction as the app role with exactly these settings, all transaction-local. */
async function scoped<T>(s: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (insideTransaction.getStore()) {
    throw new Error(
      'A scoped transaction was started inside another one: read what you need first, or pass the open transaction down.',
    );
  }
  const db = await getDb();
  return insideTransaction.run(true, () =>
    db.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('role', 'haven_app', true), set_config('app.school_id', ${s.schoolId}, true), set_config('app.user_id', ${s.userId}, true), set_config('app.scope', ${s.scope}, true), set_config('app.sign_in_email', ${s.signInEmail}, true)`,
      );
      return fn(tx);
    }),
  );
}

const NONE: Scope = { schoolId: '', userId: '', scope: '', signInEmail: '' };

/**
 * Runs `fn` in one transaction that can see and write only `schoolId`'s rows.
 * `userId`, when given, is the signed-in person: they may also see their own
 * user row and keys (lib/auth needs that before a membership is checked).
 */
export async function inSchool<T>(schoolId: string, fn: (tx: Tx) => Promise<T>, userId?: string): Promise<T> {
  if (!UUID.test(schoolId)) throw new Error('inSchool: school id must be a UUID');
  if (userId !== undefined && !UUID.test(userId)) throw new Error('inSchool: user id must be a UUID');
  return scoped({ ...NONE, schoolId, userId: userId ?? '' }, fn);
}

/**
 * Runs `fn` as the app role with no school: public tables only (the school
 * finder, host → school). Tenant tables return nothing and refuse writes.
 */
export async function inNoSchool<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scoped(NONE, fn);
}

/**
 * Runs `fn` able to read only the given person's own memberships, in every
 * school (and public school details), for the school switcher. Nothing else of
 * any school is visible: no school id is set.
 */
export async function inOwnMemberships<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!UUID.test(userId)) throw new Error('inOwnMemberships: user id must be a UUID');
  return scoped({ ...NONE, userId, scope: 'own-memberships' }, fn);
}

/**
 * Runs `fn` able to see only the person with this email address (for signing
 * in on the root domain, before any school is known). Nothing of any school.
 */
export async function inSignInLookup<T>(email: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scoped({ ...NONE, scope: 'sign-in-lookup', signInEmail: email.trim().toLowerCase() }, fn);
}

export type { Tx };
export { rowsOf } from './client';
