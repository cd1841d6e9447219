import { getConfig } from '@/lib/config';
import { searchSchools } from '@/lib/schools';
import { schoolOrigin } from '@/lib/tenancy';
import { PageShell } from './page-shell';

/** The root domain's front page: type a school's name, go to its own address. */
export async function SchoolFinder({ query }: { query: string }) {
  const q = query.slice(0, 100);
  const results = q.trim() ? await searchSchools(q) : [];
  const { rootDomain, protocol } = getConfig();

  return (
    <PageShell>
      <section className="mx-auto max-w-xl">
        <h1 className="text-3xl font-semibold tracking-tight text-slate-900">Find your school</h1>
        <p className="mt-2 text-slate-600">
          Each school has its own Haven address. Type your school’s name to go there and sign in.
        </p>
        <form method="get" action="/" role="search" className="mt-6 flex gap-2">
          <label htmlFor="school-search" className="sr-only">
            School name
          </label>
          <input
            id="school-search"
            name="q"
            type="search"
            defaultValue={q}
            autoComplete="off"
            placeholder="e.g. Northfield"
            className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-4 py-3 text-base shadow-sm placeholder:text-slate-500 focus:border-brand-600"
          />
          <button type="submit" className="rounded-lg bg-brand-600 px-5 py-3 font-medium text-white hover:bg-brand-700">
            Search
          </button>
        </form>

        <p className="mt-3 text-sm text-slate-600">
          Work in several schools?{' '}
          <a href="/sign-in" className="text-brand-700 underline underline-offset-2">
            Sign in once for all of them
          </a>
          .
        </p>
        {q.trim() ? (
          <div className="mt-6" aria-live="polite">
            {results.length === 0 ? (
              <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-slate-600">
                No school matches “{q}”. Check the spelling, or ask your safeguarding lead for your school’s Haven
                address.
              </p>
            ) : (
              <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
                {results.map((s) => (
                  <li key={s.slug}>
                    <a
                      href={`${schoolOrigin(s.slug, rootDomain, protocol)}/`}
                      className="flex flex-col gap-1 px-4 py-3 hover:bg-brand-50 sm:flex-row sm:items-center sm:justify-between sm:gap-4"
                    >
                      <span>
                        <span className="block font-medium text-slate-900">{s.name}</span>
                        {s.trustName ? <span className="block text-sm text-slate-600">{s.trustName}</span> : null}
                      </span>
                      <span className="text-sm break-all text-brand-700 sm:shrink-0">
                        {s.slug}.{rootDomain} <span aria-hidden="true">→</span>
                      </span>
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : null}
      </section>
    </PageShell>
  );
}
