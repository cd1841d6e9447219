import Link from 'next/link';
import type { UserCtx } from '@/lib/tenancy/context';

/** The first page after sign-in. Records, alerts and pupils join it as those features land. */
export function Dashboard({ ctx }: { ctx: UserCtx }) {
  const { user } = ctx;
  const firstName = user.displayName.split(' ')[0] ?? user.displayName;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Hello, {firstName}</h1>
      <section aria-labelledby="mode-heading" className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="mode-heading" className="text-lg font-semibold">
          {user.elevated ? 'You are using your key' : 'You are signed in without a key'}
        </h2>
        <p className="mt-1 text-slate-600">
          {user.elevated
            ? `Your ${user.userGroupName} access is open for this session. Sign out when you leave this device.`
            : user.mayElevate
              ? user.keyCount > 0
                ? 'You can record concerns. To see pupils’ records, elevate your access with your key.'
                : 'You can record concerns. To see pupils’ records you need a key: add an authenticator app first.'
              : 'You can record concerns about pupils. Your safeguarding team follows them up.'}
        </p>
        <div className="mt-4 flex flex-wrap gap-3">
          {user.mayElevate && !user.elevated && user.keyCount > 0 ? (
            <Link href="/elevate" className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
              Elevate your access
            </Link>
          ) : null}
          {user.mayElevate && user.keyCount === 0 ? (
            <Link href="/account/security" className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
              Add a key
            </Link>
          ) : null}
        </div>
      </section>
    </div>
  );
}
