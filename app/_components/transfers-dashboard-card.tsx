import Link from 'next/link';
import { adminAccess } from '@/lib/admin';
import { getNameStyle } from '@/lib/http';
import type { UserCtx } from '@/lib/tenancy';
import { transfersToRequest, transfersToSend, type TransferListItem } from '@/lib/transfers';
import { TransferClock } from './transfer-clock';

function Rows({ items, verb }: { items: TransferListItem[]; verb: string }) {
  return (
    <ul className="mt-2 space-y-2">
      {items.map((t) => (
        <li key={t.id} className="flex flex-wrap items-baseline justify-between gap-2">
          <span>
            {t.pupilName ?? 'A pupil'} <span className="text-slate-600">{verb}</span> {t.otherSchoolName}
          </span>
          <TransferClock t={t} />
        </li>
      ))}
    </ul>
  );
}

/**
 * The dashboard's transfers card, for those who manage transfers (administration with the
 * key: the DSLs): files this school still has to send, with their clocks, and files detected
 * for pupils who joined, waiting to be requested. Nothing shows when there are none.
 */
export async function TransfersDashboardCard({ ctx }: { ctx: UserCtx }) {
  if (adminAccess(ctx) !== 'allowed') return null;
  const style = await getNameStyle(ctx);
  const [toSend, toRequest] = await Promise.all([transfersToSend(ctx, style), transfersToRequest(ctx, style)]);
  if (toSend.length === 0 && toRequest.length === 0) return null;
  return (
    <section aria-labelledby="transfers-card" className="rounded-2xl border border-amber-200 bg-white p-4 shadow-sm">
      <h2 id="transfers-card" className="text-lg font-semibold">
        Child protection file transfers
      </h2>
      {toSend.length > 0 && (
        <div className="mt-2">
          <h3 className="font-medium">Still to send ({toSend.length})</h3>
          <Rows items={toSend} verb="to" />
        </div>
      )}
      {toRequest.length > 0 && (
        <div className="mt-3">
          <h3 className="font-medium">Ready to request ({toRequest.length})</h3>
          <Rows items={toRequest} verb="from" />
        </div>
      )}
      <p className="mt-3">
        <Link href="/admin/transfers" className="font-medium text-brand-700 underline underline-offset-2">
          Open Transfers
        </Link>
      </p>
    </section>
  );
}
