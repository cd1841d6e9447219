/**
 * How long a session lives. The browser blanks the screen after the school's
 * idle timeout (15 minutes by default); the server ends a session after a
 * longer idle period, and after a fixed maximum however active it is. A key's
 * elevation lasts as long as the session it was used in.
 */
export const SESSION_IDLE_MINUTES = 120;
export const SESSION_MAX_HOURS = 12;
/** last_seen_at is written at most this often, so reading pages stays cheap. */
export const SESSION_TOUCH_SECONDS = 60;

/** The cookie: host-only (__Host-), so one school's subdomain never receives another's. */
export const SESSION_COOKIE = '__Host-haven-session';

export function sessionExpiry(now: Date): Date {
  return new Date(now.getTime() + SESSION_MAX_HOURS * 3_600_000);
}

export function isIdleExpired(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() > SESSION_IDLE_MINUTES * 60_000;
}
