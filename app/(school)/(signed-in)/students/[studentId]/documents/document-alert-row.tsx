import Link from 'next/link';
import type { DocumentAlertItem } from '@/lib/alerts';
import { markDocumentAlertReadAction } from './actions';

/**
 * One "a document was shared with you" alert on the dashboard; the pupil is
 * named only to those who may read the document now. A record's file leads to
 * its incident (where it is listed), a direct upload to the pupil's vault.
 */
export function DocumentAlertRow({ alert, when }: { alert: DocumentAlertItem; when: string }) {
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3">
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          {alert.studentName ?? 'A pupil’s document'}{' '}
          <span className="font-normal text-slate-600">· a document was shared with you</span>
        </p>
        <p className="text-sm text-slate-600">
          {alert.raisedBy ?? 'Someone'} · {when}
          {alert.studentName === null ? ' · use your key to see which pupil' : ''}
        </p>
      </div>
      <div className="flex gap-2">
        <Link
          href={alert.incidentId ? `/incidents/${alert.incidentId}` : `/students/${alert.studentId}/documents`}
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
        >
          {alert.incidentId ? 'Open the incident' : 'Document vault'}
        </Link>
        <form action={markDocumentAlertReadAction}>
          <input type="hidden" name="documentAlertId" value={alert.id} />
          <button
            type="submit"
            className="min-h-11 rounded-lg border border-slate-300 bg-white px-3 font-medium text-slate-800 hover:bg-slate-50"
          >
            Mark as read
          </button>
        </form>
      </div>
    </li>
  );
}
