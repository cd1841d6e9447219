import Link from 'next/link';
import { CATEGORY_RIGHT_LABELS, CATEGORY_RIGHTS, SYSTEM_PERMISSION_LABELS, type MemberPermissions } from '@/lib/admin';

const yes = <span className="font-medium text-emerald-800">Yes</span>;
const no = <span className="text-slate-500">No</span>;

/**
 * What the person may do here: their group's permissions, its rights per
 * category (sub-categories under their parent), and their class permissions
 * when the school restricts key holders by class. Changing any of it is done
 * on the group's page or on Class restrictions, linked from here.
 */
export function PermissionsSection({ p, card }: { p: MemberPermissions; card: string }) {
  const rows = p.categories.flatMap((c) => [{ ...c, sub: false }, ...c.children.map((s) => ({ ...s, sub: true }))]);
  return (
    <section aria-labelledby="permissions-heading" className={card}>
      <h2 id="permissions-heading" className="text-lg font-semibold">
        Permissions
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        From their user group,{' '}
        <Link href={`/admin/groups/${p.group.id}`} className="text-brand-700 underline underline-offset-2">
          {p.group.name}
        </Link>
        . Change them there for everyone in the group.
      </p>
      <h3 className="mt-4 font-semibold">What the group allows</h3>
      {p.permissions.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">Nothing beyond signing in.</p>
      ) : (
        <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm">
          {p.permissions.map((perm) => (
            <li key={perm}>
              {SYSTEM_PERMISSION_LABELS[perm].label}
              {SYSTEM_PERMISSION_LABELS[perm].hint ? (
                <span className="text-slate-600"> ({SYSTEM_PERMISSION_LABELS[perm].hint})</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h3 className="mt-4 font-semibold">Per category</h3>
      {/* On a phone the table may scroll sideways: the region takes focus so the keyboard can scroll it. */}
      <div
        className="mt-1 overflow-x-auto"
        role="region"
        aria-label={`Rights of ${p.group.name} per category`}
        tabIndex={0}
      >
        <table className="w-full min-w-[20rem] text-left text-sm">
          <caption className="sr-only">What {p.group.name} may do in each category</caption>
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th scope="col" className="py-1.5 pr-3 font-medium">
                Category
              </th>
              {CATEGORY_RIGHTS.map((r) => (
                <th key={r} scope="col" className="px-2 py-1.5 font-medium">
                  {CATEGORY_RIGHT_LABELS[r]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((c) => (
              <tr key={c.id}>
                <th scope="row" className={`py-1.5 pr-3 font-normal ${c.sub ? 'pl-4' : ''}`}>
                  <span
                    aria-hidden="true"
                    className="mr-1.5 inline-block size-2.5 rounded-full align-middle"
                    style={{ backgroundColor: c.colour }}
                  />
                  {c.name}
                  {c.archived ? <span className="text-slate-500"> (disabled)</span> : null}
                </th>
                {CATEGORY_RIGHTS.map((r) => (
                  <td key={r} className="px-2 py-1.5">
                    {c.rights[r] ? yes : no}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="mt-4 font-semibold">Class permissions</h3>
      {p.classKind === 'off' ? (
        <p className="mt-1 text-sm text-slate-600">
          The school does not restrict key holders by class: their group’s permissions apply to every pupil.
        </p>
      ) : p.classes.length === 0 ? (
        <p className="mt-1 text-sm text-amber-900">
          Key holders are restricted by {p.classKind} group, and none is listed for them or their group: with their key
          they see no pupil who is in a {p.classKind} group.
        </p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">
            Key holders are restricted by {p.classKind} group. With their key they see pupils of:
          </p>
          <ul className="mt-1 flex flex-wrap gap-1.5 text-sm">
            {p.classes.map((c) => (
              <li key={c.name} className="rounded-full bg-slate-100 px-2.5 py-0.5">
                {c.name}
                <span className="text-slate-600">
                  {c.via === 'group' ? ' (whole group)' : c.via === 'both' ? ' (them and their group)' : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {p.classKind === 'off' ? null : (
        <p className="mt-2 text-sm">
          <Link href="/admin/class-restrictions" className="text-brand-700 underline underline-offset-2">
            Open class restrictions
          </Link>
        </p>
      )}
    </section>
  );
}
