import Link from 'next/link';
import { adminAccess, getClassRestrictionOverview } from '@/lib/admin';
import type { UserCtx } from '@/lib/tenancy';

/**
 * "A class has nobody listed": with class restrictions on, a class with
 * pupils and nobody listed for it (a new class from the MIS, say) is one
 * whose pupils no restricted key holder can see. Shown at the top of Admin
 * and of an administrator's dashboard, so it is seen on the first page after
 * signing in, not only by someone who opens Admin.
 */
export function UnassignedClassesNotice({ unassigned, kind }: { unassigned: string[]; kind: string }) {
  if (unassigned.length === 0) return null;
  return (
    <div role="status" className="rounded-2xl border border-amber-300 bg-amber-50 p-4 text-amber-950">
      <p className="font-semibold">
        {unassigned.length === 1
          ? `A ${kind} group has nobody listed: ${unassigned[0]}`
          : `${unassigned.length} ${kind} groups have nobody listed`}
      </p>
      <p className="mt-1 text-sm">
        Key holders are restricted by class, so nobody can see these pupils until someone is listed.{' '}
        <Link href="/admin/class-restrictions" className="font-medium underline underline-offset-2">
          Open class restrictions
        </Link>
      </p>
    </div>
  );
}

/** The notice for whoever may use administration now (their key in use); nothing for anyone else. */
export async function UnassignedClassesForAdmin({ ctx }: { ctx: UserCtx }) {
  if (adminAccess(ctx) !== 'allowed') return null;
  const { unassigned, kind } = await getClassRestrictionOverview(ctx);
  return <UnassignedClassesNotice unassigned={unassigned} kind={kind} />;
}
