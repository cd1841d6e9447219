/**
 * Recognising the database's refusals that mean "taken". Drizzle wraps the
 * driver's error; node-postgres and PGlite both carry the SQLSTATE as `code`.
 */
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
