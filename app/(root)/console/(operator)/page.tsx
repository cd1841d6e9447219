import Link from 'next/link';
import { FormMessage } from '@/app/_components/form-controls';
import { requireOperator } from '@/lib/http';
import { listConsoleSchools, type ConsoleSchoolRow } from '@/lib/platform';
import { schoolAvailabilityAction } from './school-actions';

export const metadata = { title: 'Haven console: schools' };

const HEALTH = {
  green: { label: 'Healthy', className: 'bg-emerald-100 text-emerald-900' },
  amber: { label: 'Late', className: 'bg-amber-100 text-amber-900' },
  red: { label: 'Failing or none', className: 'bg-rose-100 text-rose-900' },
} as const;

const when = (d: Date | null) =>
  d ? d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC' : 'Never';

function AvailabilityButton({ school }: { school: ConsoleSchoolRow }) {
  return (
    <form action={schoolAvailabilityAction}>
      <input type="hidden" name="schoolId" value={school.id} />
      <input type="hidden" name="available" value={school.disabled ? 'yes' : 'no'} />
      <button
        type="submit"
        className="min-h-11 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50"
        aria-label={`${school.disabled ? 'Make available' : 'Make unavailable'}: ${school.name}`}
      >
        {school.disabled ? 'Make available' : 'Make unavailable'}
      </button>
    </form>
  );
}

/** Every school of the deployment, with counts only: no person's or pupil's record is on any console page. */
export default async function ConsoleSchoolsPage({ searchParams }: { searchParams: Promise<{ created?: string }> }) {
  await requireOperator();
  const [rows, sp] = await Promise.all([listConsoleSchools(), searchParams]);
  return (
    <section>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Schools</h1>
        <Link
          href="/console/schools/new"
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
        >
          Create a school
        </Link>
      </div>
      {sp.created ? (
        <div className="mt-4">
          <FormMessage
            tone="success"
            message={`School ${sp.created} created. Its administrator has been sent a link to set their password.`}
          />
        </div>
      ) : null}
      <p className="mt-2 text-sm text-slate-600">
        {rows.length} schools. Counts only: pupils’ records are never shown here.
      </p>
      <ul className="mt-4 space-y-3 lg:hidden">
        {rows.map((s) => (
          <li key={s.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <p className="font-medium text-slate-900">
              {s.name}{' '}
              {s.disabled ? <span className="ml-1 rounded bg-slate-200 px-2 py-0.5 text-xs">Unavailable</span> : null}
            </p>
            <p className="text-sm text-slate-600">
              {s.slug}
              {s.trustName ? ` · ${s.trustName}` : ''}
            </p>
            <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-600">Import</dt>
              <dd>
                <span className={`rounded px-2 py-0.5 ${HEALTH[s.importHealth].className}`}>
                  {HEALTH[s.importHealth].label}
                </span>
              </dd>
              <dt className="text-slate-600">Last activity</dt>
              <dd>{when(s.lastActivityAt)}</dd>
              <dt className="text-slate-600">Users</dt>
              <dd>{s.users}</dd>
              <dt className="text-slate-600">Pupils</dt>
              <dd>{s.pupils}</dd>
            </dl>
            <div className="mt-3">
              <AvailabilityButton school={s} />
            </div>
          </li>
        ))}
      </ul>
      <table className="mt-4 hidden w-full border-collapse overflow-hidden rounded-xl bg-white text-sm shadow-sm lg:table">
        <thead className="bg-slate-50 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">
              School
            </th>
            <th scope="col" className="px-3 py-2">
              Import health
            </th>
            <th scope="col" className="px-3 py-2">
              Last activity
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Users
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Pupils
            </th>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Availability</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((s) => (
            <tr key={s.id}>
              <td className="px-3 py-2">
                <span className="font-medium text-slate-900">{s.name}</span>
                {s.disabled ? <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs">Unavailable</span> : null}
                <span className="block text-slate-600">
                  {s.slug}
                  {s.trustName ? ` · ${s.trustName}` : ''}
                </span>
              </td>
              <td className="px-3 py-2">
                <span className={`rounded px-2 py-0.5 ${HEALTH[s.importHealth].className}`}>
                  {HEALTH[s.importHealth].label}
                </span>
                <span className="block text-slate-600">Last import: {when(s.lastImportAt)}</span>
              </td>
              <td className="px-3 py-2">{when(s.lastActivityAt)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{s.users}</td>
              <td className="px-3 py-2 text-right tabular-nums">{s.pupils}</td>
              <td className="px-3 py-2 text-right">
                <AvailabilityButton school={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
