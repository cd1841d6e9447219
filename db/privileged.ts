/**
 * The one named path past row-level security, for the few jobs and tools that
 * must cross schools: transfer detection, the platform console, jobs that loop
 * over schools, creating schools, the training-mode purge (the one hard delete), and the
 * check that a person's account is shared with another school. Each use states its purpose from the list below and is recorded in
 * privileged_access_log. tests/unit/db-boundary.test.ts keeps the list of
 * modules allowed to import this file short.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { getDb, type Tx } from './client';
import { privilegedAccessLog } from './schema';

export const PRIVILEGED_PURPOSES = [
  'school-setup',
  'job',
  'transfer-detection',
  // A step of a transfer (requested, authorised, declined, received): the row in the other
  // school's audit log, and its administrators' addresses for a content-free email.
  'transfer-notify',
  'platform-console',
  'training-mode-purge',
  // Admin → Categories: deleting a category nothing ever used, and a merge that folds a
  // pupil's overlapping monitoring periods into one (the app role has no DELETE).
  'category-admin',
  // Whether a person's one account is also used at another school, before a school changes
  // what that school relies on too (the address they sign in with). Reads a yes or no only.
  'shared-account',
] as const;
export type PrivilegedPurpose = (typeof PRIVILEGED_PURPOSES)[number];

/** Runs `fn` in one owner-privileged transaction and records why. */
export async function privileged<T>(
  purpose: PrivilegedPurpose,
  detail: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (!PRIVILEGED_PURPOSES.includes(purpose)) throw new Error(`Unknown privileged purpose: ${purpose}`);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.insert(privilegedAccessLog).values({ id: randomUUID(), purpose, detail: detail.slice(0, 500) });
    return fn(tx);
  });
}
