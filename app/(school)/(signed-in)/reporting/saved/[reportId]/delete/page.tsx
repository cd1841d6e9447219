import Link from 'next/link';
import { notFound } from 'next/navigation';
import { SubmitButton } from '@/app/_components/form-controls';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { requireUserCtx } from '@/lib/http';
import { getSavedReportToManage, reportsAccess } from '@/lib/reports';
import { ReportingGate } from '../../../_components/reporting-gate';
import { deleteReportAction } from '../../actions';

export const metadata = { title: 'Delete saved report' };

/** The confirmation before a saved report is deleted: only its owner reaches it; anyone else gets the 404 page or the refusal. */
export default async function DeleteSavedReportPage({ params }: { params: Promise<{ reportId: string }> }) {
  const ctx = await requireUserCtx();
  const access = reportsAccess(ctx);
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={ctx.school.name} />;
  const { reportId } = await params;
  let report;
  try {
    report = await getSavedReportToManage(ctx, reportId);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    if (!(e instanceof NotAllowedError)) throw e;
    return (
      <section className="mx-auto max-w-lg space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold tracking-tight">Delete saved report</h1>
        <p className="text-slate-600">{e.message}</p>
        <Link href="/reporting/saved" className="text-brand-700 underline underline-offset-2">
          Back to Saved reports
        </Link>
      </section>
    );
  }
  return (
    <section className="mx-auto max-w-lg space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight break-words">Delete “{report.title}”?</h1>
      <p className="text-slate-600">
        The saved report goes from your list
        {report.published ? ' and from the lists of everyone it is published to' : ''}. No incident or other record is
        changed: only the saved filters are removed.
      </p>
      <form action={deleteReportAction} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="reportId" value={report.id} />
        <SubmitButton variant="danger" pendingLabel="Deleting…">
          Delete report
        </SubmitButton>
        <Link href="/reporting/saved" className="text-brand-700 underline underline-offset-2">
          Cancel
        </Link>
      </form>
    </section>
  );
}
