import Link from 'next/link';
import { requireUserCtx } from '@/lib/http';
import { listSupportRequests, seesSchoolRequests } from '@/lib/support';
import { SupportStatusBadge } from '@/app/_components/support-status-badge';

export const metadata = { title: 'Support requests' };

const day = (d: Date, zone: string) => d.toLocaleDateString('en-GB', { dateStyle: 'medium', timeZone: zone });

/** The requests this person may read: the school's for its administrators (with the key), else their own. */
export default async function SupportRequestsPage() {
  const ctx = await requireUserCtx();
  const rows = await listSupportRequests(ctx);
  const all = seesSchoolRequests(ctx);
  return (
    <section className="mx-auto max-w-3xl">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">
          {all ? 'The school’s support requests' : 'Your support requests'}
        </h1>
        <Link
          href="/support/new"
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
        >
          Contact support
        </Link>
      </div>
      {rows.length === 0 ? (
        <p className="mt-6 text-slate-600">No requests yet.</p>
      ) : (
        <ul className="mt-6 divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
          {rows.map((r) => (
            <li key={r.id}>
              <Link
                href={`/support/${r.id}`}
                className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-brand-50"
              >
                <span>
                  <span className="font-medium text-slate-900">
                    #{r.number} {r.subject}
                  </span>
                  <span className="block text-sm text-slate-600">
                    {all ? `${r.requesterName} · ` : ''}
                    {day(r.createdAt, ctx.school.timeZone)}
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
