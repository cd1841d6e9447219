import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getNameStyle } from '@/lib/http';
import { isUuid } from '@/lib/ids';
import { getTransferToAuthorise } from '@/lib/transfers';
import { orNotFound, requireAdminPage } from '../../../admin-page';
import { AuthoriseTransferForm } from '../../transfer-forms';

export const metadata = { title: 'Authorise a transfer' };

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

export default async function AuthoriseTransferPage({ params }: { params: Promise<{ transferId: string }> }) {
  const ctx = await requireAdminPage();
  const { transferId } = await params;
  if (!isUuid(transferId)) notFound();
  const t = await orNotFound(getTransferToAuthorise(ctx, transferId, await getNameStyle(ctx)));
  return (
    <div className="space-y-6">
      <div>
        <p>
          <Link href="/admin/transfers" className="text-brand-800 underline underline-offset-2">
            Transfers
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">Authorise the transfer of {t.pupilName}’s file</h1>
        <p className="mt-1 text-slate-600">
          To {t.toSchoolName}. Due by{' '}
          {new Date(`${t.dueOn}T00:00:00Z`).toLocaleDateString('en-GB', {
            day: 'numeric',
            month: 'long',
            year: 'numeric',
            timeZone: 'UTC',
          })}
          .
        </p>
      </div>
      <section className="space-y-2 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold">Before you authorise</h2>
        <p>
          Read the pupil’s{' '}
          <Link href={`/students/${t.pupilId}/incidents`} className="text-brand-800 underline underline-offset-2">
            Incidents tab
          </Link>{' '}
          and{' '}
          <Link href={`/students/${t.pupilId}/documents`} className="text-brand-800 underline underline-offset-2">
            Document vault
          </Link>
          . Check the text for the names of other children or adults who should not be named to the new school: the text
          is sent exactly as written (linked pupils’ names are hidden).
        </p>
        <p>
          <Link href="/admin/transfers/preferences" className="text-brand-800 underline underline-offset-2">
            Manage preferences
          </Link>{' '}
          to change which categories are sent.
        </p>
      </section>
      <section className="space-y-3 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold">What will be sent</h2>
        {t.categories.length === 0 ? (
          <p role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
            No category is ticked in your preferences: authorising sends no incidents.
          </p>
        ) : (
          <table className="w-full text-left">
            <caption className="sr-only">Incidents sent, per category</caption>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Incidents</th>
              </tr>
            </thead>
            <tbody>
              {t.categories.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{c.incidents}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          {t.incidents} incident{t.incidents === 1 ? '' : 's'} in all, with their actions and body-map markers (an
          incident in two categories is counted under each above).
        </p>
        <h3 className="font-semibold">Documents ({t.documents.length})</h3>
        {t.documents.length === 0 ? (
          <p>No documents.</p>
        ) : (
          <ul className="list-disc pl-5">
            {t.documents.map((d) => (
              <li key={d.id}>
                {d.name} <span className="text-slate-600">({size(d.bytes)})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="space-y-3 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold">Authorise and send</h2>
        {t.status === 'requested' || t.status === 'authorised' ? (
          <>
            <p>
              The records are copied to {t.toSchoolName} at once and cannot be taken back. Your own records stay as they
              are.
            </p>
            <AuthoriseTransferForm transferId={t.id} />
          </>
        ) : t.status === 'transferred' && t.transferredAt ? (
          <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
            Sent to {t.toSchoolName} on{' '}
            {t.transferredAt.toLocaleDateString('en-GB', {
              day: 'numeric',
              month: 'long',
              year: 'numeric',
              timeZone: ctx.school.timeZone,
            })}
            : {t.incidentCount === 1 ? '1 incident' : `${t.incidentCount} incidents`} and{' '}
            {t.documentCount === 1 ? '1 document' : `${t.documentCount} documents`}. It cannot be sent again.
          </p>
        ) : (
          <p role="status" className="text-slate-700">
            This transfer is {t.status}: there is nothing to authorise now.
          </p>
        )}
      </section>
    </div>
  );
}
