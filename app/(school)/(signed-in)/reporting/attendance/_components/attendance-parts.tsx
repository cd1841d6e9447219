import Link from 'next/link';
import { CLASS_NOUNS, pupilFilterQuery, type AttendanceScope } from '@/lib/reports';
import { formatSchoolDay } from '@/lib/time';

const count = new Intl.NumberFormat('en-GB');

export const pct = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)}%`);

/** Percentage points with their sign ("−" is read as minus). */
export function difference(v: number | null): string {
  if (v === null) return '–';
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)}`;
}

/** The same difference in a sentence. */
export function differenceInWords(v: number | null, average: string): string {
  if (v === null) return `the average is ${average}`;
  if (v === 0) return `level with the average of ${average}`;
  return `${Math.abs(v).toFixed(1)} points ${v > 0 ? 'above' : 'below'} the average of ${average}`;
}

/** An address on the Attendance pages that keeps the year and the filters. */
export function attendanceHref(
  path: string,
  scope: AttendanceScope,
  extra: Record<string, string> = {},
  year: string | null = scope.year.current ? null : scope.year.startsOn,
): string {
  const q = new URLSearchParams(extra);
  if (year) q.set('year', year);
  for (const [k, v] of pupilFilterQuery(scope.form.values)) q.append(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The same year (and class) without any filter: "Clear filters". */
export function unfilteredHref(path: string, scope: AttendanceScope, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(extra);
  if (!scope.year.current) q.set('year', scope.year.startsOn);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The school years with marks, as links (no JavaScript needed; each year can be bookmarked). */
export function YearPicker({
  scope,
  path,
  extra,
}: {
  scope: AttendanceScope;
  path: string;
  extra?: Record<string, string>;
}) {
  if (scope.years.length < 2) return null;
  return (
    <nav aria-label="School year" className="flex flex-wrap items-center gap-2">
      <span className="text-sm font-medium text-slate-700">School year</span>
      {scope.years.map((y, i) => {
        const active = y.startsOn === scope.year.startsOn;
        return (
          <Link
            key={y.startsOn}
            href={attendanceHref(path, scope, extra, i === 0 ? null : y.startsOn)}
            aria-current={active ? 'page' : undefined}
            className={`inline-flex min-h-11 items-center rounded-full border px-4 text-sm font-medium ${
              active
                ? 'border-brand-700 bg-brand-700 text-white'
                : 'border-slate-300 bg-white text-slate-800 hover:border-brand-600'
            }`}
          >
            {y.name}
          </Link>
        );
      })}
    </nav>
  );
}

/** Which days and which pupils the figures count: the page says what the average is of. */
export function ScopeNote({ scope, pupils }: { scope: AttendanceScope; pupils: number }) {
  const { year } = scope;
  const classes = CLASS_NOUNS[scope.classKind].one.toLowerCase();
  return (
    <p className="mt-1 max-w-3xl text-slate-600">
      {year.current ? 'This school year' : 'School year'} {year.name}, {formatSchoolDay(year.from)} to{' '}
      {formatSchoolDay(year.to)}, by {classes}.{' '}
      {scope.form.filters === null ? (
        'The figures appear once the filters are corrected.'
      ) : (
        <>
          The average is of all {count.format(pupils)} {pupils === 1 ? 'pupil' : 'pupils'} on roll you may see
          {scope.form.active ? ' who match the filters' : ''}
          {scope.restrictedTo
            ? ` — your access is limited to ${scope.restrictedTo.join(', ')}, so it is the average of those classes, not of the whole school`
            : ''}
          .
        </>
      )}
    </p>
  );
}
