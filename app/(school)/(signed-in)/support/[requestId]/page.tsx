import Link from 'next/link';
import { notFound } from 'next/navigation';
import { FormMessage } from '@/app/_components/form-controls';
import { NotFoundError } from '@/lib/errors';
import { requireUserCtx } from '@/lib/http';
import { getSupportRequest } from '@/lib/support';
import { SupportStatusBadge } from '@/app/_components/support-status-badge';

export const metadata = { title: 'Support request' };

const when = (d: Date, zone: string) =>
  d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });

export default async function SupportRequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ requestId: string }>;
  searchParams: Promise<{ sent?: string }>;
}) {
  const ctx = await requireUserCtx();
  const { requestId } = await params;
  const r = await getSupportRequest(ctx, requestId).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const sent = (await searchParams).sent === '1';
  const zone = ctx.school.timeZone;
  return (
    <section className="mx-auto max-w-2xl space-y-4">
      <p className="text-sm">
        <Link href="/support" className="text-brand-700 underline underline-offset-2">
          Support requests
        </Link>
      </p>
      {sent ? <FormMessage tone="success" message={`Request #${r.number} sent to Haven support.`} /> : null}
      <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            #{r.number} {r.subject}
          </h1>
          <SupportStatusBadge status={r.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          From {r.requesterName}, {when(r.createdAt, zone)}
          {r.phone ? ` · Phone ${r.phone}` : ''}
        </p>
        <p className="mt-4 whitespace-pre-wrap text-slate-800">{r.message}</p>
      </div>
      <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold">Answer from Haven support</h2>
        {r.answer ? (
          <>
            {r.answeredAt ? <p className="text-sm text-slate-600">{when(r.answeredAt, zone)}</p> : null}
            <p data-testid="support-answer" className="mt-3 whitespace-pre-wrap text-slate-800">
              {r.answer}
            </p>
          </>
        ) : (
          <p className="mt-2 text-slate-600">No answer yet. We will email you when there is one.</p>
        )}
      </div>
    </section>
  );
}
