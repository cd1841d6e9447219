import { notFound } from 'next/navigation';
import { getRequestMeta } from '@/lib/http';
import { isDevMailboxEnabled, listDevMail, mayReadDevMailbox } from '@/lib/mail';
import { PageShell } from '../../../_components/page-shell';

export const metadata = { title: 'Development mailbox' };

const STATUS_STYLE = {
  queued: 'bg-amber-100 text-amber-900',
  sent: 'bg-emerald-100 text-emerald-900',
  dead: 'bg-rose-100 text-rose-900',
} as const;

export default async function DevMailPage() {
  // A real deployment has no mailbox at all; a local one shows it only to this machine.
  if (!isDevMailboxEnabled()) notFound();
  const { ip } = await getRequestMeta();
  if (!mayReadDevMailbox(ip)) notFound();
  const messages = await listDevMail(ip);
  const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });
  return (
    <PageShell subtitle="Development mailbox">
      <h1 className="text-2xl font-semibold">Development mailbox</h1>
      <p className="mt-2 max-w-2xl text-slate-600">
        This installation uses the outbox mail driver: nothing leaves this machine. Every message Haven queued is listed
        here, newest first.
      </p>
      {messages.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          No messages yet.
        </p>
      ) : (
        <ol className="mt-6 space-y-4">
          {messages.map((m) => (
            <li key={m.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-medium text-slate-900">{m.subject}</h2>
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[m.status]}`}>
                  {m.status}
                </span>
              </div>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-slate-600">
                <dt>To</dt>
                <dd className="break-all">{m.to}</dd>
                <dt>School</dt>
                <dd>{m.school ?? 'Platform'}</dd>
                <dt>Queued</dt>
                <dd>{fmt.format(m.createdAt)}</dd>
              </dl>
              <pre className="mt-3 rounded-lg bg-slate-50 p-3 font-sans text-sm break-words whitespace-pre-wrap text-slate-800">
                {m.text}
              </pre>
            </li>
          ))}
        </ol>
      )}
    </PageShell>
  );
}
