import Link from 'next/link';
import { getNameStyle } from '@/lib/http';
import { listTransfers, type TransferListItem } from '@/lib/transfers';
import { requireAdminPage } from '../admin-page';
import { TransferClock } from '@/app/_components/transfer-clock';
import { ConfirmReceiptForm, DeclineTransferForm, RequestTransferForm } from './transfer-forms';

export const metadata = { title: 'Transfers' };

const STATUS_LABEL: Record<TransferListItem['status'], string> = {
  detected: 'Detected',
  requested: 'Requested',
  authorised: 'Authorised',
  transferred: 'Transferred',
  declined: 'Declined',
};

const day = (d: Date | null) =>
  d ? d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }) : null;
const isoDay = (s: string) => day(new Date(`${s}T00:00:00Z`));

function Steps({ t }: { t: TransferListItem }) {
  const steps: [string, Date | null][] = [
    ['Detected', t.detectedAt],
    ['Requested', t.requestedAt],
    ['Authorised', t.authorisedAt],
    ['Transferred', t.transferredAt],
    ['Receipt confirmed', t.confirmedAt],
    ['Declined', t.declinedAt],
  ];
  return (
    <dl className="mt-2 grid grid-cols-2 gap-x-4 text-sm text-slate-700 sm:grid-cols-3">
      <div>
        <dt className="inline font-medium">Left: </dt>
        <dd className="inline">{isoDay(t.leavingDate)}</dd>
      </div>
      {steps
        .filter(([, at]) => at)
        .map(([label, at]) => (
          <div key={label}>
            <dt className="inline font-medium">{label}: </dt>
            <dd className="inline">{day(at)}</dd>
          </div>
        ))}
    </dl>
  );
}

function TransferCard({ t }: { t: TransferListItem }) {
  const pupil = t.pupilName ? (
    <Link href={`/students/${t.pupilId}`} className="text-brand-800 underline underline-offset-2">
      {t.pupilName}
    </Link>
  ) : (
    <span className="text-slate-600">A pupil you may not open</span>
  );
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-transfer={t.id}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-semibold">
          {pupil} <span className="font-normal text-slate-600">{t.direction === 'received' ? 'from' : 'to'}</span>{' '}
          {t.otherSchoolName}
        </p>
        <p className="text-sm">
          <span className="mr-2 rounded bg-brand-50 px-2 py-0.5 font-medium text-brand-900">
            {STATUS_LABEL[t.status]}
          </span>
          <TransferClock t={t} />
        </p>
      </div>
      <Steps t={t} />
      {t.status === 'declined' && t.declineReason && (
        <p className="mt-2 text-sm">
          <span className="font-medium">Reason: </span>
          {t.declineReason}
        </p>
      )}
      {t.status === 'transferred' && (
        <p className="mt-2 text-sm text-slate-700">
          Sent: {t.incidentCount} incident{t.incidentCount === 1 ? '' : 's'}, {t.documentCount} document
          {t.documentCount === 1 ? '' : 's'}.
        </p>
      )}
      <div className="mt-3 flex flex-wrap gap-3">
        {t.direction === 'received' && t.status === 'detected' && <RequestTransferForm transferId={t.id} />}
        {t.direction === 'received' && t.status === 'transferred' && !t.confirmedAt && (
          <ConfirmReceiptForm transferId={t.id} />
        )}
        {t.direction === 'sent' && t.status === 'requested' && (
          <Link
            href={`/admin/transfers/${t.id}/authorise`}
            className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
          >
            Review and authorise
          </Link>
        )}
        {t.direction === 'sent' && (t.status === 'detected' || t.status === 'requested') && (
          <details className="w-full">
            <summary className="cursor-pointer text-sm font-medium text-rose-800">Decline this transfer</summary>
            <div className="mt-2">
              <DeclineTransferForm transferId={t.id} />
            </div>
          </details>
        )}
      </div>
    </li>
  );
}

function TransferList({ title, hint, items }: { title: string; hint: string; items: TransferListItem[] }) {
  return (
    <section className="space-y-3">
      <h2 className="text-xl font-semibold">{title}</h2>
      <p className="text-sm text-slate-600">{hint}</p>
      {items.length === 0 ? (
        <p className="text-slate-600">None.</p>
      ) : (
        <ul className="space-y-3">
          {items.map((t) => (
            <TransferCard key={t.id} t={t} />
          ))}
        </ul>
      )}
    </section>
  );
}

export default async function TransfersPage() {
  const ctx = await requireAdminPage();
  const { received, sent } = await listTransfers(ctx, await getNameStyle(ctx));
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Transfers</h1>
          <p className="mt-1 text-slate-600">
            Child protection files moving with pupils between schools that use Haven. The file is due within 5 school
            days of the pupil leaving (or of the next term starting), on the previous school’s calendar.
          </p>
        </div>
        <ul className="flex flex-col gap-1 sm:items-end">
          <li>
            <Link href="/admin/transfers/preferences" className="text-brand-800 underline underline-offset-2">
              Manage preferences
            </Link>
          </li>
          <li>
            <Link href="/admin/transfers/register" className="text-brand-800 underline underline-offset-2">
              Transfer register
            </Link>
          </li>
          <li>
            <Link href="/admin/transfers/export" className="text-brand-800 underline underline-offset-2">
              Export for a school without Haven
            </Link>
          </li>
        </ul>
      </div>
      <TransferList
        title="Received"
        hint="Pupils who joined you from another school that uses Haven. Request the file; confirm receipt once it arrives."
        items={received}
      />
      <TransferList
        title="Sent"
        hint="Pupils who left you for another school that uses Haven. Authorise the file once it is requested, or decline with a reason."
        items={sent}
      />
    </div>
  );
}
