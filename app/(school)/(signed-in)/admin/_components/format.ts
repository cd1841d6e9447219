/** Dates in the school's own time zone, as every admin page shows them. */
export function schoolDateTime(timeZone: string): (d: Date) => string {
  const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone });
  return (d) => fmt.format(d);
}

export function schoolDate(timeZone: string): (d: Date) => string {
  const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone });
  return (d) => fmt.format(d);
}
