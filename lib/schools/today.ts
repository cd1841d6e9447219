/** Calendar dates as the school sees them: "today" flips at midnight in the school's time zone, not UTC. */

/** YYYY-MM-DD of an instant in a time zone. */
export function dateInZone(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function schoolToday(school: { timeZone: string }, now = new Date()): string {
  return dateInZone(school.timeZone, now);
}
