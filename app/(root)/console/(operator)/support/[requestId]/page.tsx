import Link from 'next/link';
import { notFound } from 'next/navigation';
import { SupportStatusBadge } from '@/app/_components/support-status-badge';
import { FormMessage } from '@/app/_components/form-controls';
import { NotFoundError } from '@/lib/errors';
import { requireOperator } from '@/lib/http';
import { getConsoleSupportRequest } from '@/lib/platform';
import { closeSupportAction } from '../actions';
import { AnswerForm } from './answer-form';

export const metadata = { title: 'Haven console: support request' };

const when = (d: Date) =>
  d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

export default async function ConsoleSupportRequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ requestId: string }>;
  searchParams: Promise<{ answered?: string }>;
}) {
  await requireOperator();
  const { requestId } = await params;
  const r = await getConsoleSupportRequest(requestId).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const answered = (await searchParams).answered === '1';
  return (
    <section className="mx-auto max-w-3xl space-y-4">
      <p className="text-sm">
        <Link href="/console/support" className="text-brand-700 underline underline-offset-2">
          Support requests
        </Link>
      </p>
      {answered ? (
        <FormMessage tone="success" message="Answer sent. The requester has been emailed that it is there." />
      ) : null}
      <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{r.subject}</h1>
          <SupportStatusBadge status={r.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {r.schoolName} ({r.schoolSlug}) #{r.number} · {r.requesterName} &lt;{r.requesterEmail}&gt;
          {r.phone ? ` · Phone ${r.phone}` : ''} · {when(r.createdAt)}
        </p>
        <p className="mt-4 whitespace-pre-wrap text-slate-800">{r.message}</p>
      </div>
      {r.status === 'closed' ? (
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 className="text-lg font-semibold">Answer</h2>
          <p className="mt-2 whitespace-pre-wrap text-slate-800">{r.answer ?? 'Closed without an answer.'}</p>
        </div>
      ) : (
        <div className="space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <AnswerForm requestId={r.id} current={r.answer ?? ''} />
          <form action={closeSupportAction}>
            <input type="hidden" name="requestId" value={r.id} />
            <button
              type="submit"
              className="min-h-11 rounded-lg border border-slate-300 bg-white px-4 font-medium text-slate-800 hover:bg-slate-50"
            >
              Close request
            </button>
          </form>
        </div>
      )}
    </section>
  );
}
