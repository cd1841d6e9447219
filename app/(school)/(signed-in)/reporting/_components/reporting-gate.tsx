import Link from 'next/link';
import { ELEVATE_FOR_REPORTS, type ReportsAccess } from '@/lib/reports';

const buttonLink =
  'inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700';

/** What a Reporting page shows someone who may not use it now: the way to their key, or why not. */
export function ReportingGate({
  access,
  schoolName,
}: {
  access: Exclude<ReportsAccess, 'allowed'>;
  schoolName: string;
}) {
  return (
    <section className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Reporting</h1>
      {access === 'needs_elevation' ? (
        <>
          <p className="mt-2 text-slate-600">
            {ELEVATE_FOR_REPORTS} Reports count safeguarding records, so they need your key every session.
          </p>
          <Link href="/elevate" className={`${buttonLink} mt-4`}>
            Elevate your access
          </Link>
        </>
      ) : (
        <p className="mt-2 text-slate-600">
          Your user group does not include running reports in {schoolName}. Ask your safeguarding lead if you need it.
        </p>
      )}
    </section>
  );
}
