import Link from 'next/link';
import { PageShell } from '@/app/_components/page-shell';
import { readRefusal } from '@/lib/http';

export const metadata = { title: 'Not done' };

/**
 * Where a refused button lands (pin, restore, mark as read, open a school):
 * the reason, as a form would have shown it. The message comes from the
 * server's own cookie (lib/http/refusal.ts), never from the address.
 */
export default async function RefusedPage() {
  const message = await readRefusal();
  return (
    <PageShell>
      <div className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">That was not done</h1>
        <p role="alert" className="mt-3 text-slate-700">
          {message ?? 'Nothing was changed.'}
        </p>
        <Link
          href="/"
          className="mt-6 inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
        >
          Back to the start page
        </Link>
      </div>
    </PageShell>
  );
}
