import { PageShell } from '@/app/_components/page-shell';

export const metadata = { title: 'School unavailable' };

/**
 * Where every page and action of a school an operator has made unavailable
 * sends the browser (lib/http/context.ts getSchool). It reads nothing of the
 * school: it says only what the person needs to know.
 */
export default function UnavailablePage() {
  return (
    <PageShell>
      <div className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">This school is unavailable</h1>
        <p className="mt-3 text-slate-700">
          The people who run Haven have made this school unavailable for now, so nobody can sign in here. Nothing has
          been deleted: every record is kept and will be here when the school is available again.
        </p>
        <p className="mt-3 text-slate-700">If you did not expect this, speak to your school’s administrator.</p>
      </div>
    </PageShell>
  );
}
