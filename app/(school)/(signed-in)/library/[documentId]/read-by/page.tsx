import Link from 'next/link';
import { notFound } from 'next/navigation';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { requireUserCtx } from '@/lib/http';
import { READ_BY_COLUMNS, READ_BY_NEEDS_KEY, libraryReadBy, readByTimeFormat, type ReadByLog } from '@/lib/library';

export const metadata = { title: 'Read by · Library' };

const linkButton =
  'inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50';

export default async function ReadByPage({ params }: { params: Promise<{ documentId: string }> }) {
  const ctx = await requireUserCtx();
  const { documentId } = await params;
  let log: ReadByLog;
  try {
    log = await libraryReadBy(ctx, documentId);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    if (e instanceof NotAllowedError)
      return (
        <div className="space-y-3">
          <h1 className="text-2xl font-semibold tracking-tight">Read by</h1>
          <p role="alert" className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-amber-950">
            {e.message}{' '}
            {e.message === READ_BY_NEEDS_KEY ? (
              <Link href="/elevate" className="font-medium underline underline-offset-2">
                Use your key
              </Link>
            ) : null}
          </p>
        </div>
      );
    throw e;
  }
  const when = readByTimeFormat(ctx.school.timeZone);
  const understood = log.rows.filter((r) => r.understoodAt).length;
  const asked = log.rows.filter((r) => r.requireAction).length;
  return (
    <div className="space-y-5">
      <div>
        <p className="text-sm">
          <Link href="/library" className="text-brand-700 underline underline-offset-2">
            Library
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight break-words">Read by: {log.name}</h1>
        <p className="mt-1 text-slate-600">
          {log.rows.length === 1 ? '1 person alerted' : `${log.rows.length} people alerted`} · {understood} of {asked}{' '}
          asked have marked it read and understood.
        </p>
      </div>
      <div className="flex flex-wrap gap-3">
        <a href={`/library/${log.documentId}/read-by/png`} className={linkButton} download>
          Download as image (PNG)
        </a>
        <a href={`/library/${log.documentId}/read-by/csv`} className={linkButton} download>
          Download as CSV
        </a>
      </div>
      <section aria-labelledby="read-by-heading" className="rounded-2xl border border-slate-200 bg-white shadow-sm">
        <h2 id="read-by-heading" className="px-4 pt-4 text-lg font-semibold sm:px-5">
          Who was alerted
        </h2>
        {log.rows.length === 0 ? (
          <p className="px-4 py-4 text-slate-600 sm:px-5">
            Nobody has been alerted to this file yet. Use “Options → Alert users” in the library.
          </p>
        ) : (
          <>
            <ul
              aria-label="Who was alerted"
              className="mt-3 divide-y divide-slate-100 border-t border-slate-200 sm:hidden"
            >
              {log.rows.map((r, i) => (
                <li key={`${r.person}-${i}`} className="px-4 py-3 text-sm">
                  <p className="font-medium">{r.person}</p>
                  <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-slate-700">
                    <dt className="text-slate-500">Alerted</dt>
                    <dd>
                      {when(r.alertedAt)} by {r.alertedBy}
                    </dd>
                    <dt className="text-slate-500">Last viewed</dt>
                    <dd>{when(r.lastViewedAt) || 'Not opened'}</dd>
                    <dt className="text-slate-500">Understood</dt>
                    <dd>{when(r.understoodAt) || (r.requireAction ? 'Not yet' : 'Not asked')}</dd>
                  </dl>
                </li>
              ))}
            </ul>
            <div className="mt-3 hidden overflow-x-auto sm:block">
              <table className="w-full text-left text-sm">
                <thead className="border-y border-slate-200 bg-slate-50 text-slate-700">
                  <tr>
                    {READ_BY_COLUMNS.map((c) => (
                      <th key={c} scope="col" className="px-4 py-2 font-semibold sm:px-5">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {log.rows.map((r, i) => (
                    <tr key={`${r.person}-${i}`}>
                      <th scope="row" className="px-4 py-2 font-medium sm:px-5">
                        {r.person}
                      </th>
                      <td className="px-4 py-2 sm:px-5">{r.alertedBy}</td>
                      <td className="px-4 py-2 sm:px-5">{when(r.alertedAt)}</td>
                      <td className="px-4 py-2 sm:px-5">{when(r.lastViewedAt) || 'Not opened'}</td>
                      <td className="px-4 py-2 sm:px-5">
                        {when(r.understoodAt) || (r.requireAction ? 'Not yet' : 'Not asked')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
