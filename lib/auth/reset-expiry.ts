/**
 * A password reset link expires at midnight, school time, on the day it was
 * sent. "Midnight" is local wall-clock time in the school's IANA zone, so the
 * instant moves with BST/GMT and a day can be 23 or 25 hours long. Only Intl
 * is used: Node ships the full time-zone database with ICU.
 */

/** The next instant after `now` at which the calendar date in `timeZone` changes. */
export function endOfSchoolDay(now: Date, timeZone: string): Date {
  const start = now.getTime();
  if (!Number.isFinite(start)) throw new RangeError('endOfSchoolDay needs a valid date.');
  const dayOf = localDay(timeZone);
  const today = dayOf(start);

  // The next change of date lies within 48 hours in every zone (offsets span
  // -12 h … +14 h and a day is at most 25 h), even where a whole day was skipped.
  let before = start;
  let after = start + 48 * 3_600_000;
  if (dayOf(after) <= today) throw new RangeError(`Could not find the end of the day in ${timeZone}.`);

  // Binary search to the millisecond for the first instant of a later date.
  // Searching, rather than adding an offset, also gets the zones right where
  // clocks jump at midnight and the day starts at 01:00 (e.g. America/Santiago).
  while (after - before > 1) {
    const mid = before + Math.floor((after - before) / 2);
    if (dayOf(mid) > today) after = mid;
    else before = mid;
  }
  return new Date(after);
}

/** A function from an instant to its local calendar date as a sortable number (yyyymmdd). */
function localDay(timeZone: string): (epochMs: number) => number {
  // Throws RangeError for an unknown zone, which is what we want.
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    calendar: 'gregory',
    numberingSystem: 'latn',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  });
  return (epochMs) => {
    let year = 0;
    let month = 0;
    let day = 0;
    for (const part of format.formatToParts(epochMs)) {
      if (part.type === 'year') year = Number(part.value);
      else if (part.type === 'month') month = Number(part.value);
      else if (part.type === 'day') day = Number(part.value);
    }
    return year * 10_000 + month * 100 + day;
  };
}
