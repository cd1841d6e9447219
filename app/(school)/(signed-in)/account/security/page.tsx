import Link from 'next/link';
import { listMyKeys, mustUseKeyToChangeKeys, listMySecurityEvents } from '@/lib/auth';
import { auditActionLabel } from '@/lib/audit';
import { requireUserCtx } from '@/lib/http';
import { AddWebAuthnKeyForm } from './add-webauthn-key-form';
import { AddDeviceButton, RemoveKeyButton } from './key-forms';

export const metadata = { title: 'Security keys' };

export default async function SecurityKeysPage({ searchParams }: { searchParams: Promise<{ added?: string }> }) {
  const ctx = await requireUserCtx();
  const keys = await listMyKeys(ctx);
  const events = await listMySecurityEvents(ctx);
  const { added } = await searchParams;
  const fmt = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.school.timeZone,
  });
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Security keys</h1>
        <p className="mt-1 text-slate-600">
          A key is a second step after your password: a code from an authenticator app on your phone, a security key, or
          a passkey. With your key you see what your role allows; without it you can still record concerns.
        </p>
      </div>
      {added === '1' ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          Your authenticator app is added. Use it with “Elevate your access”.
        </p>
      ) : null}
      {added === 'key' ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          Your security key or passkey is added. Use it with “Elevate your access”.
        </p>
      ) : null}
      <section aria-labelledby="keys-heading" className="rounded-2xl border border-slate-200 bg-white shadow-sm">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 p-4">
          <h2 id="keys-heading" className="text-lg font-semibold">
            Your keys
          </h2>
          {mustUseKeyToChangeKeys(ctx.user) ? null : <AddDeviceButton />}
        </div>
        {mustUseKeyToChangeKeys(ctx.user) ? (
          <p className="border-b border-slate-200 bg-amber-50 px-4 py-3 text-sm text-amber-950">
            To add or remove a key, first{' '}
            <Link href="/elevate" className="font-medium underline underline-offset-2">
              use a key you already have
            </Link>
            . Lost your only key? Ask your administrator to remove it.
          </p>
        ) : null}
        {keys.length === 0 ? (
          <p className="p-4 text-slate-600">
            You have no keys yet. Add an authenticator app such as Google Authenticator, Microsoft Authenticator or
            Authy, or a security key or passkey below.
          </p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {keys.map((k) => (
              <li key={k.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
                <div>
                  <p className="font-medium">{k.name}</p>
                  <p className="text-sm text-slate-600">
                    {k.kind === 'totp' ? 'Authenticator app' : 'Security key or passkey'} · added{' '}
                    {fmt.format(k.createdAt)}
                    {k.lastUsedAt ? ` · last used ${fmt.format(k.lastUsedAt)}` : ''}
                  </p>
                </div>
                {mustUseKeyToChangeKeys(ctx.user) ? null : <RemoveKeyButton keyId={k.id} name={k.name} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section
        aria-labelledby="add-webauthn-heading"
        className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm"
      >
        <h2 id="add-webauthn-heading" className="text-lg font-semibold">
          Add a security key or passkey
        </h2>
        <p className="mt-1 mb-4 text-slate-600">
          A USB or NFC security key, or a passkey kept by this phone or computer. One key works in every school you use
          Haven in.
        </p>
        {mustUseKeyToChangeKeys(ctx.user) ? (
          <p className="text-slate-700">Use a key you already have first (see above).</p>
        ) : (
          <AddWebAuthnKeyForm />
        )}
      </section>
      <section aria-labelledby="activity-heading" className="rounded-2xl border border-slate-200 bg-white shadow-sm">
        <div className="border-b border-slate-200 p-4">
          <h2 id="activity-heading" className="text-lg font-semibold">
            Recent sign-in and key activity
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Here in {ctx.school.name}, newest first. Something you do not recognise, such as refused keys or failed
            sign-ins? Set a new password and tell your safeguarding lead or administrator.
          </p>
        </div>
        {events.length === 0 ? (
          <p className="p-4 text-slate-600">Nothing recorded yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {events.map((e) => (
              <li
                key={e.id}
                className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-2 text-sm"
              >
                <span className="font-medium">{auditActionLabel(e.action)}</span>
                <span className="text-slate-600">
                  {fmt.format(e.at)}
                  {e.ip ? ` · ${e.ip}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
