import Link from 'next/link';
import { signOutAction, switchSchoolAction, toggleHideNamesAction } from '@/app/(school)/session-actions';
import type { UserCtx } from '@/lib/tenancy';
import { listMySchools, type MySchool } from '@/lib/auth';
import { getNameStyle } from '@/lib/http';
import { keyStatus } from '@/lib/access';
import { adminAccess } from '@/lib/admin';
import { libraryAccess } from '@/lib/library';
import { plannerAccess } from '@/lib/planner';
import { reportsAccess } from '@/lib/reports';
import { trainingBanner, type TrainingBanner } from '@/lib/training';
import { BlankScreen } from './blank-screen';
import { CurrentPathInput } from './current-path-input';
import { HeaderMore } from './header-more';
import { HavenMark } from './logo';
import { RemindMe } from './remind-me';

/**
 * The frame of every signed-in page: school, mode (with or without a key),
 * account links, the school's security message and, while the school is in
 * training mode, a banner saying so. Phone first: two compact rows on a
 * narrow screen (the school; the key, "Add incident" and "More", which holds
 * the rest), one row on a wide one with everything in it.
 */
export async function AppShell({ ctx, children }: { ctx: UserCtx; children: React.ReactNode }) {
  const { user, school } = ctx;
  const mySchools = await listMySchools(ctx);
  const { hidden: namesHidden } = await getNameStyle(ctx);
  const training = trainingBanner(ctx);
  const key = keyStatus(user);
  return (
    <div id="app-root" className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        {training ? <TrainingModeBanner banner={training} /> : null}
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2.5 sm:px-4">
          <div className="flex min-w-0 items-center gap-2">
            <Link
              href="/"
              className="flex min-w-0 items-center gap-2 rounded-md"
              aria-label={`${school.name}: dashboard`}
            >
              <HavenMark />
              {mySchools.length > 1 ? null : (
                <span className="truncate font-semibold text-brand-900">{school.name}</span>
              )}
            </Link>
            {mySchools.length > 1 ? <SchoolSwitcher schools={mySchools} current={school.name} /> : null}
          </div>
          <div className="relative ml-auto flex flex-wrap items-center gap-1.5 text-sm sm:gap-2">
            {key.inUse ? (
              <span className="inline-flex items-center gap-1 rounded-full bg-emerald-100 px-2 py-1 text-xs font-medium text-emerald-900 sm:px-2.5 sm:text-sm">
                <span aria-hidden="true">●</span> Using your key
              </span>
            ) : (
              <span className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-2 py-1 text-xs font-medium text-slate-700 sm:px-2.5 sm:text-sm">
                <span aria-hidden="true">○</span> Without key
              </span>
            )}
            <Link
              href="/incidents/new"
              className="rounded-lg bg-emerald-700 px-2.5 py-1.5 font-medium text-white hover:bg-emerald-800 sm:px-3"
            >
              <span aria-hidden="true">+ </span>Add incident
            </Link>
            {key.offerElevation ? (
              <Link
                href="/elevate"
                className="rounded-lg bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700"
              >
                Elevate your access
              </Link>
            ) : null}
            <HeaderMore>
              {/* As for Administration, those who need their key first are led to the area, which asks for it. */}
              {reportsAccess(ctx) !== 'not_allowed' ? (
                <Link href="/reporting" className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
                  Reporting
                </Link>
              ) : null}
              {plannerAccess(ctx) !== 'not_allowed' ? (
                <Link href="/planner" className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
                  Planner
                </Link>
              ) : null}
              {plannerAccess(ctx) === 'allowed' ? <RemindMe /> : null}
              {libraryAccess(ctx) === 'allowed' ? (
                <Link href="/library" className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
                  Library
                </Link>
              ) : null}
              {/* Administrators without their key are led to the area too: it asks for the key. */}
              {adminAccess(ctx) !== 'not_allowed' ? (
                <Link href="/admin" className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
                  Administration
                </Link>
              ) : null}
              <form action={toggleHideNamesAction}>
                <input type="hidden" name="hide" value={namesHidden ? '0' : '1'} />
                <CurrentPathInput name="from" />
                <button
                  type="submit"
                  aria-pressed={namesHidden}
                  className={
                    namesHidden
                      ? 'rounded-lg bg-amber-100 px-2 py-1.5 font-medium text-amber-900 hover:bg-amber-200'
                      : 'rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100'
                  }
                >
                  {namesHidden ? 'Names hidden' : 'Hide names'}
                </button>
              </form>
              <Link href="/support/new" className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
                Contact support
              </Link>
              <Link href="/account/security" className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
                Security keys
              </Link>
              <BlankScreen idleMinutes={school.settings.idleTimeoutMinutes} />
              <form action={signOutAction}>
                <button type="submit" className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
                  Sign out
                </button>
              </form>
            </HeaderMore>
          </div>
        </div>
        <p className="border-t border-slate-100 bg-slate-50 px-4 py-1 text-center text-xs text-slate-600">
          {school.settings.securityMessage}
        </p>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}

/** Blue across the top of every page while the school is in training mode, so nobody mistakes practice for the real thing. */
function TrainingModeBanner({ banner }: { banner: TrainingBanner }) {
  return (
    <div className="bg-sky-700 px-4 py-2 text-sm text-white">
      <p className="mx-auto max-w-6xl">
        <strong className="font-semibold">{banner.title}.</strong> {banner.message}
        {banner.manageHref ? (
          <>
            {' '}
            <Link
              href={banner.manageHref}
              className="font-medium whitespace-nowrap underline underline-offset-2 hover:text-sky-100"
            >
              Manage training mode
            </Link>
          </>
        ) : null}
      </p>
    </div>
  );
}

/** A dropdown of the person's schools; choosing one opens the same kind of page there. Works without JavaScript. */
function SchoolSwitcher({ schools, current }: { schools: MySchool[]; current: string }) {
  return (
    <details className="relative">
      <summary
        aria-label={`Switch school (now ${current})`}
        className="flex cursor-pointer list-none items-center gap-1 rounded-md px-1 font-semibold text-brand-900"
      >
        <span className="truncate">{current}</span>
        <span aria-hidden="true" className="text-slate-500">
          ▾
        </span>
      </summary>
      <ul className="absolute left-0 z-30 mt-1 w-72 max-w-[85vw] rounded-xl border border-slate-200 bg-white p-1 shadow-lg">
        {schools.map((s) => (
          <li key={s.slug}>
            {s.current ? (
              <span className="block rounded-lg bg-brand-50 px-3 py-2 text-brand-900" aria-current="true">
                {s.name}
              </span>
            ) : (
              <form action={switchSchoolAction}>
                <input type="hidden" name="to" value={s.slug} />
                <CurrentPathInput name="from" />
                <button type="submit" className="block w-full rounded-lg px-3 py-2 text-left hover:bg-slate-100">
                  {s.name}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
