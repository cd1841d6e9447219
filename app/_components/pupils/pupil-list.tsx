import Link from 'next/link';
import { AddIncidentLink } from './add-incident-link';
import { ArchivedTag, Lozenges } from './lozenges';
import { profileHref, type PupilRow } from './pupil-row';

/**
 * A read-only list of pupils: name (to the profile), group, lozenges. One
 * row per pupil on a phone (group under the name), columns on a wide screen.
 * The whole row is the tap target, but the link's name is the pupil's alone.
 */
export function PupilList({ rows, label, empty }: { rows: PupilRow[]; label: string; empty: React.ReactNode }) {
  if (rows.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-5 text-slate-600">{empty}</p>
    );
  }
  return (
    <ul
      aria-label={label}
      className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white"
    >
      {rows.map((r) => (
        <li
          key={r.id}
          className="relative grid grid-cols-[minmax(0,1fr)_auto] gap-x-4 gap-y-1 px-4 py-3 focus-within:bg-brand-50 hover:bg-brand-50 sm:grid-cols-[minmax(12rem,1.2fr)_minmax(7rem,0.6fr)_2fr_auto] sm:items-center"
        >
          <span className="flex flex-wrap items-center gap-2">
            <Link
              href={profileHref(r.id)}
              className="font-medium text-brand-800 underline-offset-2 after:absolute after:inset-0 after:content-[''] hover:underline"
            >
              {r.name}
            </Link>
            {r.archived ? <ArchivedTag /> : null}
          </span>
          <span className="col-start-1 text-sm text-slate-600 sm:col-start-auto">{r.group}</span>
          <Lozenges categories={r.categories} className="col-start-1 sm:col-start-auto" />
          <span className="col-start-2 row-span-3 row-start-1 self-center sm:col-start-auto sm:row-span-1 sm:row-start-auto">
            <AddIncidentLink studentId={r.id} name={r.name} />
          </span>
        </li>
      ))}
    </ul>
  );
}
