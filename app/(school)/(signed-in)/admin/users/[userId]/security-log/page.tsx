import Link from 'next/link';
import { listSecurityLog } from '@/lib/admin';
import { orNotFound, param, requireAdminPage } from '../../../admin-page';
import { AuditTable } from '../../../_components/audit-table';
import { schoolDateTime } from '../../../_components/format';
import { AdminPageHeader } from '../../../_components/page-header';

export const metadata = { title: 'Security log' };

export default async function SecurityLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireAdminPage();
  const { userId } = await params;
  const before = param((await searchParams).before);
  const page = await orNotFound(listSecurityLog(ctx, userId, { before }));
  const base = `/admin/users/${page.person.userId}/security-log`;
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title={`Security log: ${page.person.displayName}`}
        intro="Sign-ins, elevations with a key, failures and changes to their keys here, with the time, IP address and device."
        back={{ href: `/admin/users/${page.person.userId}`, label: page.person.displayName }}
      />
      {before ? (
        <Link href={base} className="text-sm text-brand-700 underline underline-offset-2">
          Back to the newest entries
        </Link>
      ) : null}
      <AuditTable
        page={page}
        basePath={base}
        formatTime={schoolDateTime(ctx.school.timeZone)}
        caption="Security log"
        empty="Nothing recorded yet."
      />
    </div>
  );
}
