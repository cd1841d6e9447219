import Link from 'next/link';
import { listUserActivity } from '@/lib/admin';
import { getNameStyle } from '@/lib/http';
import { orNotFound, param, requireAdminPage } from '../../../admin-page';
import { AuditTable } from '../../../_components/audit-table';
import { schoolDateTime } from '../../../_components/format';
import { AdminPageHeader } from '../../../_components/page-header';

export const metadata = { title: 'Activity' };

export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireAdminPage();
  const { userId } = await params;
  const before = param((await searchParams).before);
  const page = await orNotFound(listUserActivity(ctx, userId, await getNameStyle(ctx), { before }));
  const base = `/admin/users/${page.person.userId}/activity`;
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title={`Activity: ${page.person.displayName}`}
        intro="Everything they did in Haven here, from the audit log, newest first. Their work on pupils’ records shows only where you may see those records."
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
        caption="Activity"
        empty="They have done nothing here yet."
      />
    </div>
  );
}
