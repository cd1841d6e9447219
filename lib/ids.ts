/**
 * Record ids are random UUIDs. An id from a URL or a form that is not one is
 * answered like an unknown id ("not found"), before any query runs.
 *
 * Pure module.
 */
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * A list of picked ids as a form sends it: repeated fields or one comma-separated
 * value. Blanks and repeats are dropped and ids lower-cased (PostgreSQL prints
 * UUIDs in lower case, so a comparison with stored ids holds), then each must be
 * a UUID and there may be at most `max`. The length is capped before splitting,
 * so a forged field cannot make the server split megabytes.
 */
export const uuidListField = (max: number, tooMany: string, invalid: string) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v.join(',') : (v ?? '')),
    z
      .string()
      .max(max * 40, tooMany)
      .transform((s) => [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim().toLowerCase())
            .filter(Boolean),
        ),
      ])
      .pipe(z.array(z.uuid(invalid)).max(max, tooMany)),
  );
