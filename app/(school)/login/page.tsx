import { redirect } from 'next/navigation';
import { PageShell } from '@/app/_components/page-shell';
import { KEY_ATTEMPTS_SIGNED_OUT, SIGN_IN_REFUSED, SSO_PROVIDER_LABELS, ssoProvidersFor } from '@/lib/auth';
import { schoolLogoId } from '@/lib/files';
import { getCtx } from '@/lib/http';
import { LoginForm } from './login-form';

export const metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ password?: string; 'signed-out'?: string; sso?: string }>;
}) {
  const ctx = await getCtx();
  const params = await searchParams;
  const passwordSet = params.password === 'set';
  const keyAttempts = params['signed-out'] === 'key-attempts';
  const ssoRefused = params.sso === 'refused';
  if (ctx.user) redirect('/');
  const providers = ssoProvidersFor(ctx.school.settings);
  const logoId = await schoolLogoId(ctx);
  return (
    <PageShell subtitle={ctx.school.trustName ?? undefined}>
      <section className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        {logoId ? (
          // eslint-disable-next-line @next/next/no-img-element -- served by the school's own route, never optimised
          <img
            src={`/school-logo?v=${logoId}`}
            alt={`${ctx.school.name} logo`}
            className="mb-4 max-h-20 max-w-full object-contain"
          />
        ) : null}
        <h1 className="text-2xl font-semibold tracking-tight">{ctx.school.name}</h1>
        <p className="mt-1 text-slate-600">Sign in to record a concern or follow one up.</p>
        {passwordSet ? (
          <p role="status" className="mt-4 rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
            Your password is set. Sign in with it now.
          </p>
        ) : null}
        {keyAttempts ? (
          <p role="alert" className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-amber-950">
            {KEY_ATTEMPTS_SIGNED_OUT}
          </p>
        ) : null}
        {ssoRefused ? (
          <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-red-900">
            {SIGN_IN_REFUSED}
          </p>
        ) : null}
        <div className="mt-6">
          <LoginForm />
        </div>
        {providers.length > 0 ? (
          <div className="mt-6 space-y-3 border-t border-slate-200 pt-5">
            {providers.map((p) => (
              <a
                key={p}
                href={`/sso/start?provider=${p}`}
                className="flex min-h-11 w-full items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2"
              >
                Sign in with {SSO_PROVIDER_LABELS[p]}
              </a>
            ))}
          </div>
        ) : null}
      </section>
      <p className="mx-auto mt-6 max-w-md text-center text-sm text-slate-600">{ctx.school.settings.securityMessage}</p>
    </PageShell>
  );
}
