import Link from 'next/link';
import { SubmitButton } from '@/app/_components/form-controls';
import { EXPIRY_CHOICES, EXPIRY_LABELS, type SavedReportItem } from '@/lib/reports';
import { changeReportExpiryAction, publishReportAction } from './actions';

const linkButton =
  'inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 font-medium border border-slate-300 bg-white text-slate-800 hover:bg-slate-50';

/** One saved report: what it is, whose, how long it is kept, and what this person may do with it. */
export function SavedReportCard({ report, dayOf }: { report: SavedReportItem; dayOf: (at: Date) => string }) {
  const id = `saved-report-${report.id}`;
  return (
    <li id={id} aria-labelledby={`${id}-title`} className="scroll-mt-4 space-y-3 p-4 sm:p-5">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`${id}-title`} className="min-w-0 text-lg font-semibold break-words text-slate-900">
          {report.title}
        </h2>
        {report.published ? (
          <span className="rounded-full bg-brand-50 px-2 py-0.5 text-sm font-medium text-brand-900">Published</span>
        ) : null}
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
        <dt className="text-slate-600">Saved by</dt>
        <dd>{report.mayManage ? `${report.ownerName} (you)` : report.ownerName}</dd>
        <dt className="text-slate-600">Type</dt>
        <dd>{report.typeLabel}</dd>
        <dt className="text-slate-600">Saved on</dt>
        <dd>{dayOf(report.createdAt)}</dd>
        <dt className="text-slate-600">Expires</dt>
        <dd>{report.expiresAt ? dayOf(report.expiresAt) : 'Kept until deleted'}</dd>
      </dl>
      <div className="flex flex-wrap items-end gap-3">
        <Link
          href={`/reporting/saved/${report.id}`}
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          Regenerate<span className="sr-only"> {report.title}</span>
        </Link>
        {report.mayManage ? (
          <>
            <form action={publishReportAction}>
              <input type="hidden" name="reportId" value={report.id} />
              <input type="hidden" name="published" value={report.published ? 'false' : 'true'} />
              <SubmitButton variant="secondary">
                {report.published ? 'Unpublicise' : 'Publicise'}
                <span className="sr-only"> {report.title}</span>
              </SubmitButton>
            </form>
            <form action={changeReportExpiryAction} className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="reportId" value={report.id} />
              <label className="text-sm font-medium text-slate-800">
                Keep for
                <select
                  name="expiry"
                  defaultValue="1-year"
                  className="mt-1 block rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base shadow-sm"
                >
                  {EXPIRY_CHOICES.map((c) => (
                    <option key={c} value={c}>
                      {c === 'never' ? 'Until deleted' : `${EXPIRY_LABELS[c]} from today`}
                    </option>
                  ))}
                </select>
              </label>
              <SubmitButton variant="secondary">
                Change expiry<span className="sr-only"> of {report.title}</span>
              </SubmitButton>
            </form>
            <Link href={`/reporting/saved/${report.id}/delete`} className={`${linkButton} text-rose-800`}>
              Delete<span className="sr-only"> {report.title}</span>
            </Link>
          </>
        ) : null}
      </div>
    </li>
  );
}
