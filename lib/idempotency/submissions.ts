/**
 * Record-creating submissions happen once. Each form carries a key made when
 * the form is opened and kept in the device's draft with what was typed, so a
 * second click, a resend after a dropped connection, or a save from the kept
 * draft after a crash (the first save committed, its answer never arrived)
 * all carry the same key. The key is claimed first thing in the record's own
 * transaction, unique per school and person (form_submissions); whoever comes
 * second waits for the first transaction, then gets its result instead of
 * writing a second record and sending a second set of alerts. If the first
 * transaction failed, nothing was claimed and the retry saves normally.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { formSubmissions } from '@/db/schema';
import { UserError } from '@/lib/errors';

export type SubmissionForm = (typeof formSubmissions.$inferInsert)['form'];

export interface Submission {
  schoolId: string;
  userId: string;
  form: SubmissionForm;
  /** Null for a caller with no form (an import, a test): no deduplication. */
  key: string | null | undefined;
  /** The parsed input, key excluded: a retry must say exactly the same. */
  input: unknown;
}

/** A signed-in person's submission of a form: its key, and the rest of what was parsed as the input. */
export function submissionOf(
  ctx: { school: { id: string }; user: { id: string } },
  form: SubmissionForm,
  data: { submissionKey?: string | null },
): Submission {
  return {
    schoolId: ctx.school.id,
    userId: ctx.user.id,
    form,
    key: data.submissionKey,
    input: { ...data, submissionKey: undefined },
  };
}

/** JSON with object keys sorted at every level, so equal inputs hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function inputHash(input: unknown): string {
  return createHash('sha256').update(canonical(input)).digest('hex');
}

const FORM_REUSED = 'This form could not be sent as it was: reload the page. What you typed is kept on this device.';

const where = (s: Submission & { key: string }) =>
  and(eq(formSubmissions.schoolId, s.schoolId), eq(formSubmissions.userId, s.userId), eq(formSubmissions.key, s.key));

/**
 * First thing in the transaction that writes the record: claims the key, or,
 * when this submission was saved already, returns what it returned then (the
 * caller returns it at once and writes nothing). The same key with different
 * content is refused with `changed(first)`, which tells the person the first
 * version was saved and theirs was not.
 */
export async function claimSubmission<R extends object>(
  tx: Tx,
  submission: Submission,
  changed: (first: R) => string,
  now = new Date(),
): Promise<R | null> {
  if (!submission.key) return null;
  const s = { ...submission, key: submission.key };
  const hash = inputHash(s.input);
  const claimed = await tx
    .insert(formSubmissions)
    .values({ schoolId: s.schoolId, userId: s.userId, key: s.key, form: s.form, inputHash: hash, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: formSubmissions.key });
  if (claimed.length > 0) return null;
  // Claimed by a retry of this very submission, which has committed (a concurrent one is waited for): its answer is ours.
  const [first] = await tx
    .select({ form: formSubmissions.form, inputHash: formSubmissions.inputHash, result: formSubmissions.result })
    .from(formSubmissions)
    .where(where(s));
  if (!first?.result) throw new Error('A claimed form submission has no result.');
  if (first.form !== s.form) throw new UserError(FORM_REUSED);
  if (first.inputHash !== hash) throw new UserError(changed(first.result as R));
  return first.result as R;
}

/** Last thing in the same transaction: keeps what the submission returns, for its retries. */
export async function completeSubmission<R extends object>(tx: Tx, submission: Submission, result: R): Promise<R> {
  if (submission.key)
    await tx
      .update(formSubmissions)
      .set({ result: result as Record<string, unknown> })
      .where(where({ ...submission, key: submission.key }));
  return result;
}
