import Link from 'next/link';
import type { MemberList } from '@/lib/admin';
import { MEMBER_PAGE_SIZE } from '@/lib/admin';
import { ShieldIcon } from '../_components/shield-icon';
import { DeactivateButton } from './row-actions';

/**
 * The user list, active or deactivated. Dense on a desktop; on a phone the
 * email moves under the name and the MIS id is left out.
 */
export function MemberTable({
  list,
  mode,
  selfId,
  formatDate,
  caption,
}: {
  list: MemberList;
  mode: 'active' | 'deactivated';
  selfId: string;
  formatDate: (d: Date) => string;
  caption: string;
}) {
  if (list.items.length === 0) {
    return (
      <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-5 text-slate-600">
        Nobody matches. Clear the filters to see everyone.
      </p>
    );
  }
  return (
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      /* focusable: keyboard users scroll it sideways on a phone */ className="overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm"
    >
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">
              Name
            </th>
            <th scope="col" className="hidden px-3 py-2 font-semibold md:table-cell">
              Email
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Group
            </th>
            <th scope="col" className="hidden px-3 py-2 font-semibold sm:table-cell">
              {mode === 'active' ? 'MIS staff id' : 'Deactivated'}
            </th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {list.items.map((m) => (
            <tr key={m.userId} className="align-middle hover:bg-slate-50">
              <td className="px-3 py-1.5">
                <span className="flex items-center gap-1.5">
                  <Link
                    href={`/admin/users/${m.userId}`}
                    className="font-medium text-brand-800 underline-offset-2 hover:underline"
                  >
                    {m.displayName}
                  </Link>
                  {m.keyHolder ? <ShieldIcon /> : null}
                </span>
                <span className="block text-xs break-all text-slate-600 md:hidden">{m.email}</span>
              </td>
              <td className="hidden px-3 py-1.5 break-all text-slate-700 md:table-cell">{m.email}</td>
              <td className="px-3 py-1.5 text-slate-700">{m.groupName}</td>
              <td className="hidden px-3 py-1.5 text-slate-700 sm:table-cell">
                {mode === 'active'
                  ? (m.misStaffId ?? <span className="text-slate-500">Non-MIS</span>)
                  : m.deactivatedAt
                    ? formatDate(m.deactivatedAt)
                    : ''}
              </td>
              <td className="px-3 py-1 text-right">
                {mode === 'deactivated' ? (
                  <Link
                    href={`/admin/users/${m.userId}#reactivate-heading`}
                    className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50"
                  >
                    Reactivate<span className="sr-only"> {m.displayName}</span>
                  </Link>
                ) : m.userId === selfId ? (
                  <span className="text-xs text-slate-500">You</span>
                ) : (
                  <DeactivateButton userId={m.userId} name={m.displayName} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.truncated ? (
        <p className="border-t border-slate-200 px-3 py-2 text-sm text-slate-600">
          Showing the first {MEMBER_PAGE_SIZE}. Filter by name or group to find others.
        </p>
      ) : null}
    </div>
  );
}
