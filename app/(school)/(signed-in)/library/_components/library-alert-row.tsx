import type { LibraryAlertItem } from '@/lib/alerts';
import { markLibraryUnderstoodAction } from '../actions';

/**
 * One library alert on the dashboard: the file's name (library files are the
 * school's own policies, readable by whoever may open the library), a way to
 * open it, and "Mark as read and understood".
 */
export function LibraryAlertRow({ alert, when }: { alert: LibraryAlertItem; when: string }) {
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3">
      <div className="min-w-0 flex-1">
        <p className="font-medium break-words">
          {alert.name}{' '}
          <span className="font-normal text-slate-600">
            · library{alert.requireAction ? ', please read and mark as understood' : ''}
          </span>
        </p>
        <p className="text-sm text-slate-600">
          {alert.alertedBy ?? 'Someone'} · {when}
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        <a
          href={`/library/${alert.documentId}`}
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
        >
          Open the file
        </a>
        <form action={markLibraryUnderstoodAction}>
          <input type="hidden" name="documentId" value={alert.documentId} />
          <button
            type="submit"
            className="min-h-11 rounded-lg border border-slate-300 bg-white px-3 font-medium text-slate-800 hover:bg-slate-50"
          >
            Mark as read and understood
          </button>
        </form>
      </div>
    </li>
  );
}
