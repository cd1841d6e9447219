import { openSchoolAction, rootSignOutAction } from '@/app/(root)/sign-in/actions';
import type { RootPerson } from '@/lib/auth';
import { PageShell } from './page-shell';

/** The root domain for a signed-in person: their schools, each opened signed in. */
export function RootSchools({ person }: { person: RootPerson }) {
  return (
    <PageShell>
      <section className="mx-auto max-w-xl">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Your schools</h1>
          <form action={rootSignOutAction}>
            <button type="submit" className="text-sm text-slate-700 underline underline-offset-2">
              Sign out
            </button>
          </form>
        </div>
        <p className="mt-1 text-slate-600">
          Signed in as {person.displayName}. Choose a school to open; it asks for your key when you need it.
        </p>
        <ul className="mt-6 divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
          {person.schools.map((s) => (
            <li key={s.slug}>
              <form action={openSchoolAction}>
                <input type="hidden" name="to" value={s.slug} />
                <button
                  type="submit"
                  className="flex w-full items-center justify-between gap-4 px-4 py-3 text-left hover:bg-brand-50"
                >
                  <span className="font-medium text-slate-900">{s.name}</span>
                  <span aria-hidden="true" className="text-brand-700">
                    Open →
                  </span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      </section>
    </PageShell>
  );
}
