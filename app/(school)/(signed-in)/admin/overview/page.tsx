import Link from 'next/link';
import { redirect } from 'next/navigation';
import { formatBytes } from '@/app/_components/format-bytes';
import { ImportHealthBadge } from '@/app/_components/pupils/import-health';
import { SupportStatusBadge } from '@/app/_components/support-status-badge';
import { adminAccess, schoolPeopleCounts } from '@/lib/admin';
import { getConfig } from '@/lib/config';
import { requireUserCtx } from '@/lib/http';
import { importHealth } from '@/lib/mis';
import { currentSla } from '@/lib/platform';
import { listSupportRequests } from '@/lib/support';
import { schoolOrigin } from '@/lib/tenancy';
import { AdminPageHeader } from '../_components/page-header';

export const metadata = { title: 'Administration: overview' };

const card = 'rounded-2xl border border-slate-200 bg-white p-5 shadow-sm';

/** The first page of Admin: the school at a glance, the service agreement, and its latest support requests. */
export default async function AdminOverviewPage() {
  const ctx = await requireUserCtx();
  if (adminAccess(ctx) !== 'allowed') redirect('/admin');
  const { rootDomain, protocol } = getConfig();
  const [health, people, sla, requests] = await Promise.all([
    importHealth(ctx),
    schoolPeopleCounts(ctx),
    currentSla(),
    listSupportRequests(ctx, 5),
  ]);
  const zone = ctx.school.timeZone;
  return (
    <div className="space-y-6">
      <AdminPageHeader title="Overview" intro={`${ctx.school.name} on Haven at a glance.`} />
      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-labelledby="school-heading" className={card}>
          <h2 id="school-heading" className="text-lg font-semibold">
            The school
          </h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-slate-600">Name</dt>
            <dd className="font-medium">{ctx.school.name}</dd>
            {ctx.school.trustName ? (
              <>
                <dt className="text-slate-600">Trust</dt>
                <dd>{ctx.school.trustName}</dd>
              </>
            ) : null}
            <dt className="text-slate-600">Address</dt>
            <dd className="break-all">{schoolOrigin(ctx.school.slug, rootDomain, protocol)}</dd>
            <dt className="text-slate-600">Time zone</dt>
            <dd>{zone}</dd>
          </dl>
        </section>
        <section aria-labelledby="import-heading" className={card}>
          <h2 id="import-heading" className="text-lg font-semibold">
            Import health
          </h2>
          <div className="mt-2">
            <ImportHealthBadge health={health} timeZone={zone} adminHref="/admin/imports" />
          </div>
        </section>
        <section aria-labelledby="people-heading" className={card}>
          <h2 id="people-heading" className="text-lg font-semibold">
            Users and key holders
          </h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-slate-600">Users</dt>
            <dd className="tabular-nums">{people.users}</dd>
            <dt className="text-slate-600">Key holders</dt>
            <dd className="tabular-nums">{people.keyHolders}</dd>
            <dt className="text-slate-600">Key holders with a key set up</dt>
            <dd className="tabular-nums">{people.keyHoldersWithKey}</dd>
          </dl>
          <Link href="/admin/users" className="mt-3 inline-block text-brand-700 underline underline-offset-2">
            Users
          </Link>
        </section>
        <section aria-labelledby="sla-heading" className={card}>
          <h2 id="sla-heading" className="text-lg font-semibold">
            Service-level agreement
          </h2>
          {sla ? (
            <p className="mt-2">
              <a href="/admin/sla" download className="text-brand-700 underline underline-offset-2">
                Download the service-level agreement
              </a>{' '}
              <span className="text-sm text-slate-600">(PDF, {formatBytes(sla.byteSize)})</span>
            </p>
          ) : (
            <p className="mt-2 text-slate-600">The people who run Haven have not published one yet.</p>
          )}
        </section>
      </div>
      <section aria-labelledby="support-heading" className={card}>
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="support-heading" className="text-lg font-semibold">
            Latest support requests
          </h2>
          <Link href="/support" className="text-brand-700 underline underline-offset-2">
            All support requests
          </Link>
        </div>
        {requests.length === 0 ? (
          <p className="mt-2 text-slate-600">None yet. Anyone can send one with “Contact support” in the menu.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200">
            {requests.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`/support/${r.id}`} className="text-brand-700 underline underline-offset-2">
                  #{r.number} {r.subject}
                </Link>
                <span className="flex items-center gap-2 text-sm text-slate-600">
                  {r.requesterName}, {r.createdAt.toLocaleDateString('en-GB', { dateStyle: 'medium', timeZone: zone })}
                  <SupportStatusBadge status={r.status} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
