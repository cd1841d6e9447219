/**
 * Recognising the database's refusals that mean "taken". Drizzle wraps the
 * driver's error; node-postgres and PGlite both carry the SQLSTATE as `code`.
 */
import { UserError } from '@/lib/errors';

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const err = cur as { code?: unknown; constraint?: unknown; message?: unknown };
    if (err.code === '23505') {
      if (!constraint) return true;
      return err.constraint === constraint || (typeof err.message === 'string' && err.message.includes(constraint));
    }
  }
  return false;
}

/** What a person is told when the database refuses a duplicate: a message, and one by the field that clashed. */
export interface DuplicateRefusal {
  message: string;
  field: string;
  fieldMessage?: string;
}

/**
 * Two people saving the same name or address at once both pass the check each
 * made first; the unique index decides. The loser gets the same refusal as the
 * check gives, not an error page. Anything else is returned as it was.
 */
export function duplicateRefusal(e: unknown, constraint: string, refusal: DuplicateRefusal): unknown {
  return isUniqueViolation(e, constraint)
    ? new UserError(refusal.message, { [refusal.field]: [refusal.fieldMessage ?? refusal.message] })
    : e;
}

/** Runs `fn`, answering a duplicate on `constraint` with `refusal` (duplicateRefusal). */
export async function refusingDuplicates<T>(
  constraint: string,
  refusal: DuplicateRefusal,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw duplicateRefusal(e, constraint, refusal);
  }
}
