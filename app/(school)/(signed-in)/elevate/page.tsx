import Link from 'next/link';
import { redirect } from 'next/navigation';
import { keyStatus } from '@/lib/access';
import { listMyKeys } from '@/lib/auth';
import { requireUserCtx } from '@/lib/http';
import { ElevateForm } from './elevate-form';
import { WebAuthnElevateForm } from './webauthn-elevate-form';

export const metadata = { title: 'Elevate your access' };

export default async function ElevatePage() {
  const ctx = await requireUserCtx();
  const key = keyStatus(ctx.user);
  if (key.inUse) redirect('/');
  // Offer whichever kinds of key the person has.
  const kinds = new Set(key.opensMore ? (await listMyKeys(ctx)).map((k) => k.kind) : []);
  return (
    <section className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Elevate your access</h1>
      {!key.opensMore ? (
        <p className="mt-3 text-slate-600">
          Your user group has no key access in {ctx.school.name}. You can record concerns without a key.
        </p>
      ) : kinds.size === 0 ? (
        <p className="mt-3 text-slate-600">
          You have no key yet.{' '}
          <Link href="/account/security" className="text-brand-700 underline underline-offset-2">
            Add an authenticator app, security key or passkey
          </Link>{' '}
          first, then come back here.
        </p>
      ) : (
        <>
          <p className="mt-2 text-slate-600">
            Your key opens pupils’ records for this session. Without it you can still record concerns.
          </p>
          {kinds.has('webauthn') ? (
            <div className="mt-6">
              <WebAuthnElevateForm />
            </div>
          ) : null}
          {kinds.has('webauthn') && kinds.has('totp') ? (
            <p className="mt-6 flex items-center gap-3 text-sm text-slate-600" aria-hidden="true">
              <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
            </p>
          ) : null}
          {kinds.has('totp') ? (
            <div className="mt-6">
              <ElevateForm />
            </div>
          ) : (
            <p className="mt-4">
              <Link href="/" className="text-brand-700 underline underline-offset-2">
                Continue without key
              </Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
