import Link from 'next/link';
import { getPendingTotpSetup } from '@/lib/auth';
import { requireUserCtx } from '@/lib/http';
import { ConfirmTotpForm } from './confirm-form';

export const metadata = { title: 'Add an authenticator app' };

/** Groups a base32 secret in fours so it can be typed into an app by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

export default async function AddAppPage({ searchParams }: { searchParams: Promise<{ setup?: string }> }) {
  const ctx = await requireUserCtx();
  const setupId = (await searchParams).setup ?? '';
  const pending = await getPendingTotpSetup(ctx, setupId);
  if (!pending) {
    return (
      <section className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">This set-up has expired</h1>
        <p className="mt-2 text-slate-600">
          Start again from{' '}
          <Link href="/account/security" className="text-brand-700 underline underline-offset-2">
            Security keys
          </Link>
          .
        </p>
      </section>
    );
  }
  return (
    <section className="mx-auto max-w-2xl rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Add an authenticator app</h1>
      <ol className="mt-4 list-decimal space-y-1 pl-5 text-slate-700">
        <li>Open your authenticator app and choose to add an account.</li>
        <li>Scan the QR code, or type the key below.</li>
        <li>Name this device and enter the 6-digit code the app shows.</li>
      </ol>
      <div className="mt-6 grid gap-6 sm:grid-cols-[auto_1fr]">
        {/* eslint-disable-next-line @next/next/no-img-element -- a generated data: SVG, not a remote image */}
        <img
          src={`data:image/svg+xml;utf8,${encodeURIComponent(pending.qrSvg)}`}
          alt="QR code for your authenticator app"
          width={200}
          height={200}
          className="h-48 w-48 rounded-lg border border-slate-200 bg-white p-2"
        />
        <div>
          <p className="text-sm font-medium text-slate-800">Or type this key</p>
          <p
            className="mt-1 rounded-lg bg-slate-100 px-3 py-2 font-mono text-base tracking-wider break-all"
            data-testid="totp-secret"
          >
            {grouped(pending.secret)}
          </p>
          <p className="mt-1 text-sm text-slate-600">Time-based, 6 digits, every 30 seconds.</p>
        </div>
      </div>
      <div className="mt-6">
        <ConfirmTotpForm setupId={setupId} />
      </div>
    </section>
  );
}
