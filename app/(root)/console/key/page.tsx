import { redirect } from 'next/navigation';
import { PageShell } from '@/app/_components/page-shell';
import { consoleStage, readSessionToken } from '@/lib/http';
import { startConsoleTotpSetup } from '@/lib/platform';
import { ConsoleKeyForm, ConsoleKeySetupForm } from '../forms';

export const metadata = { title: 'Haven console: use your key' };

/**
 * The second step of every console sign-in. An operator with no key yet sets
 * up an authenticator app here (the password alone cannot open the console).
 */
export default async function ConsoleKeyPage() {
  const { stage, operator: op } = await consoleStage();
  if (stage === 'signed-out' || !op) redirect('/console/sign-in');
  if (stage === 'ready') redirect('/console');
  const setup = op.keyCount === 0 ? await startConsoleTotpSetup((await readSessionToken('console'))!) : null;
  return (
    <PageShell subtitle="Platform console">
      <section className="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight">{setup ? 'Set up your key' : 'Use your key'}</h1>
        {setup ? (
          <>
            <p className="mt-2 text-slate-600">
              The console always asks for a key. Scan this code with an authenticator app, or type the secret, then
              enter the code it shows.
            </p>
            {/* eslint-disable-next-line @next/next/no-img-element -- a generated data: SVG, not a remote image */}
            <img
              src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.qrSvg)}`}
              alt="QR code for your authenticator app"
              width={200}
              height={200}
              className="mx-auto mt-4 h-48 w-48 rounded-lg border border-slate-200 bg-white p-2"
            />
            <p className="mt-3 text-sm text-slate-700">
              Secret:{' '}
              <code data-testid="totp-secret" className="break-all font-mono">
                {setup.secret}
              </code>
            </p>
            <div className="mt-6">
              <ConsoleKeySetupForm setupId={setup.setupId} />
            </div>
          </>
        ) : (
          <>
            <p className="mt-2 text-slate-600">Signed in as {op.displayName}. Enter the code your app shows.</p>
            <div className="mt-6">
              <ConsoleKeyForm />
            </div>
          </>
        )}
      </section>
    </PageShell>
  );
}
