import Link from 'next/link';
import type { ProfileHeader, ProfileView } from '@/lib/profile';
import { Lozenge } from './lozenge';
import { profileHref, tabsFor } from './tabs';

/** Date of archiving, in the school's time zone. */
function archivedOn(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone }).format(d);
}

/**
 * The frame of every profile tab: the pupil's name (already formatted for
 * the request, hide-names aware), group, the categories they are monitored
 * in, an archived banner, and the tab bar. No link to a tab that does not exist.
 */
export function ProfileFrame({
  header,
  current,
  timeZone,
  children,
}: {
  header: ProfileHeader;
  current: ProfileView;
  timeZone: string;
  children: React.ReactNode;
}) {
  const tabs = tabsFor(header);
  const group = [header.tutorGroup, header.yearGroup].filter(Boolean).join(' · ');
  return (
    <div className="space-y-5">
      {header.archived ? (
        <div role="note" className="rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950">
          <strong className="font-semibold">Archived pupil.</strong> Archived on{' '}
          {archivedOn(header.archived.at, timeZone)}: {header.archived.reason}. Their record is kept and can still be
          read.
        </div>
      ) : null}
      {/* On a phone the button wraps under the name rather than squeezing it mid-word. */}
      <div className="flex flex-wrap items-start gap-x-4 gap-y-3">
        <div
          aria-hidden="true"
          className="flex h-14 w-14 shrink-0 items-center justify-center rounded-full bg-brand-100 text-lg font-semibold text-brand-800 sm:h-16 sm:w-16 sm:text-xl"
        >
          {header.initials}
        </div>
        <div className="min-w-48 flex-1">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{header.name}</h1>
          <p className="text-slate-600">{group || 'No group'}</p>
          {header.monitoring.length > 0 ? (
            <ul aria-label="Monitored for" className="mt-2 flex flex-wrap gap-1.5">
              {header.monitoring.map((m) => (
                <li key={m.categoryId} className="max-w-full">
                  <Lozenge category={m} size="sm" />
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <Link
          href={`/incidents/new?student=${header.id}`}
          className="inline-flex min-h-11 shrink-0 items-center gap-1 rounded-lg bg-emerald-700 px-3 py-2 font-medium text-white hover:bg-emerald-800"
        >
          <span aria-hidden="true">+</span> New incident
        </Link>
      </div>
      <nav aria-label="Pupil record" className="-mx-4 border-b border-slate-200 px-4">
        {/* Tabs wrap rather than scroll on a phone, so none is hidden off-screen. */}
        <ul className="flex flex-wrap gap-x-1 text-sm">
          {tabs.map((t) => {
            const active = t.view === current;
            return (
              <li key={t.view}>
                <Link
                  href={profileHref(header.id, t.path)}
                  aria-current={active ? 'page' : undefined}
                  className={`inline-block border-b-2 px-2 py-2.5 sm:px-3 ${active ? 'border-brand-600 font-semibold text-brand-900' : 'border-transparent text-slate-700 hover:text-slate-900'}`}
                >
                  {t.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {children}
    </div>
  );
}
