/**
 * "My History": what a user recorded in the last 7 days, a rolling window of
 * 7 × 24 hours from the request. Non-key users see these entries by title only.
 */
export const MY_HISTORY_DAYS = 7;

/** Records created at or after this instant are in the window. */
export function myHistoryCutoff(now: Date): Date {
  return new Date(now.getTime() - MY_HISTORY_DAYS * 24 * 60 * 60 * 1000);
}
