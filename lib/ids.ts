/**
 * Record ids are random UUIDs. An id from a URL or a form that is not one is
 * answered like an unknown id ("not found"), before any query runs.
 *
 * Pure module.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
