import type { School } from '@/lib/schools/types';
import { PageShell } from './page-shell';

/** A school's front door. */
export function SchoolHome({ school }: { school: School }) {
  return (
    <PageShell subtitle={school.name}>
      <section className="mx-auto max-w-xl rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <p className="text-sm font-medium text-brand-700">{school.trustName ?? 'Safeguarding records'}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">{school.name}</h1>
        <p className="mt-3 text-slate-600">
          This is {school.name}’s Haven: the place where staff record concerns about pupils and the safeguarding team
          follows them up. Records here are visible only to staff of this school, as their role allows.
        </p>
      </section>
    </PageShell>
  );
}
