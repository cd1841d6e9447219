import Link from 'next/link';
import { requireUserCtx } from '@/lib/http';
import { listSavedReports, reportsAccess } from '@/lib/reports';
import { dateInZone, formatSchoolDay } from '@/lib/time';
import { ReportingGate } from '../_components/reporting-gate';
import { SavedReportCard } from './saved-report-card';

export const metadata = { title: 'Saved reports' };

const DONE: Record<string, string> = {
  saved: 'The report is saved. Only you can see it until you publicise it.',
  published:
    'The report is published: colleagues who run reports can now regenerate it, each seeing only their own records.',
  unpublished: 'The report is no longer published. Only you can see it.',
  expiry: 'The expiry is changed.',
  deleted: 'The report is deleted.',
};

export default async function SavedReportsPage({ searchParams }: { searchParams: Promise<{ done?: string }> }) {
  const ctx = await requireUserCtx();
  const access = reportsAccess(ctx);
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={ctx.school.name} />;
  const reports = await listSavedReports(ctx);
  const { done } = await searchParams;
  const message = done ? DONE[done] : undefined;
  const dayOf = (at: Date) => formatSchoolDay(dateInZone(ctx.school.timeZone, at));
  return (
    <div className="space-y-6">
      <div>
        <Link href="/reporting" className="text-sm text-brand-700 underline underline-offset-2">
          <span aria-hidden="true">← </span>Reporting
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Saved reports</h1>
        <p className="mt-1 max-w-3xl text-slate-600">
          Your saved reports and those colleagues have published. A saved report keeps its filters, not its numbers:
          Regenerate counts today’s records, only those you may see. Expired reports are removed.
        </p>
      </div>
      {message ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          {message}
        </p>
      ) : null}
      {reports.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-slate-600">
          No saved reports yet. Build one on{' '}
          <Link href="/reporting/custom" className="text-brand-700 underline underline-offset-2">
            Custom report
          </Link>{' '}
          and save it with a title.
        </p>
      ) : (
        <ul
          aria-label="Saved reports"
          className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm"
        >
          {reports.map((r) => (
            <SavedReportCard key={r.id} report={r} dayOf={dayOf} />
          ))}
        </ul>
      )}
    </div>
  );
}
