import Link from 'next/link';
import type { AuditPage } from '@/lib/admin';

/** A detail value as one short line: nested values as compact JSON, long ones cut. */
function showValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

/** Rows of the audit log, newest first, with a link to older ones. */
export function AuditTable({
  page,
  basePath,
  formatTime,
  caption,
  empty,
}: {
  page: AuditPage;
  basePath: string;
  formatTime: (d: Date) => string;
  caption: string;
  empty: string;
}) {
  return (
    <div className="space-y-3">
      {page.entries.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-5 text-slate-600">{empty}</p>
      ) : (
        <div
          role="region"
          aria-label={caption}
          tabIndex={0}
          /* focusable: keyboard users scroll it sideways on a phone */ className="overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm"
        >
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{caption}</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold whitespace-nowrap">
                  When
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Event
                </th>
                <th scope="col" className="hidden px-3 py-2 font-semibold md:table-cell">
                  Details
                </th>
                <th scope="col" className="hidden px-3 py-2 font-semibold sm:table-cell">
                  IP and device
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {page.entries.map((e) => {
                const details = Object.entries(e.details);
                return (
                  <tr key={e.id}>
                    <td className="px-3 py-1.5 whitespace-nowrap text-slate-700">{formatTime(e.at)}</td>
                    <td className="px-3 py-1.5">
                      {e.pupilEvent && e.pupilEvent !== 'withheld' ? (
                        <>
                          <span className="font-medium">{e.pupilEvent.what}</span>
                          <span className="block text-xs">
                            {e.pupilEvent.href ? (
                              <Link href={e.pupilEvent.href} className="text-brand-700 underline underline-offset-2">
                                {e.pupilEvent.pupilName}
                              </Link>
                            ) : (
                              <span className="text-slate-600">{e.pupilEvent.pupilName}</span>
                            )}
                          </span>
                        </>
                      ) : (
                        <>
                          <span className="font-medium">{e.label}</span>
                          {e.pupilEvent === 'withheld' ? (
                            <span className="block text-xs text-slate-500">
                              A record you may not see: details withheld
                            </span>
                          ) : e.label !== e.action ? (
                            <span className="block text-xs text-slate-500">{e.action}</span>
                          ) : null}
                        </>
                      )}
                    </td>
                    <td className="hidden px-3 py-1.5 md:table-cell">
                      {details.length === 0 ? null : (
                        <dl className="grid grid-cols-[max-content_1fr] gap-x-2 text-xs">
                          {details.map(([k, v]) => (
                            <div key={k} className="contents">
                              <dt className="text-slate-500">{k}</dt>
                              <dd className="break-all text-slate-800">{showValue(v)}</dd>
                            </div>
                          ))}
                        </dl>
                      )}
                    </td>
                    <td className="hidden px-3 py-1.5 text-xs text-slate-700 sm:table-cell">
                      <span className="block">{e.ip ?? '—'}</span>
                      {e.userAgent ? (
                        <span className="block max-w-xs truncate text-slate-500" title={e.userAgent}>
                          {e.userAgent}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="flex flex-wrap gap-4 text-sm">
        {page.nextBefore ? (
          <Link href={`${basePath}?before=${page.nextBefore}`} className="text-brand-700 underline underline-offset-2">
            Older entries
          </Link>
        ) : null}
      </div>
    </div>
  );
}
