/**
 * The time zones a school may choose: the IANA zones this runtime knows
 * (`Intl.supportedValuesOf`), plus UTC, which the list leaves out. A zone the
 * runtime does not know would make every school-local date fail, so nothing
 * else is accepted. Pure.
 */
let zones: readonly string[] | undefined;

export function schoolTimeZones(): readonly string[] {
  zones ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
  return zones;
}

export function isSchoolTimeZone(zone: string): boolean {
  return schoolTimeZones().includes(zone);
}
