import Link from 'next/link';
import { SupportStatusBadge } from '@/app/_components/support-status-badge';
import { requireOperator } from '@/lib/http';
import { listConsoleSupportRequests } from '@/lib/platform';

export const metadata = { title: 'Haven console: support requests' };

const when = (d: Date) =>
  d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

export default async function ConsoleSupportPage() {
  await requireOperator();
  const rows = await listConsoleSupportRequests();
  return (
    <section>
      <h1 className="text-2xl font-semibold tracking-tight">Support requests</h1>
      <p className="mt-1 text-sm text-slate-600">From every school; open and answered first.</p>
      {rows.length === 0 ? (
        <p className="mt-6 text-slate-600">No requests yet.</p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
          {rows.map((r) => (
            <li key={r.id}>
              <Link
                href={`/console/support/${r.id}`}
                className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-brand-50"
              >
                <span>
                  <span className="font-medium text-slate-900">{r.subject}</span>
                  <span className="block text-sm text-slate-600">
                    {r.schoolName} #{r.number} · {r.requesterName} · {when(r.createdAt)}
                  </span>
                </span>
                <SupportStatusBadge status={r.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
