import Link from 'next/link';
import { getClassRestrictionOverview, listGroupOptions } from '@/lib/admin';
import { requireAdminPage } from '../admin-page';
import { AdminPageHeader } from '../_components/page-header';
import { EverywhereForm } from './everywhere-form';

export const metadata = { title: 'Class restrictions' };

const KIND_LABEL = { tutor: 'tutor group', year: 'year group' } as const;

export default async function ClassRestrictionsPage() {
  const ctx = await requireAdminPage();
  const overview = await getClassRestrictionOverview(ctx);
  if (overview.kind === 'off') {
    return (
      <div className="space-y-4">
        <AdminPageHeader
          title="Class restrictions"
          intro="Limit which pupils a key holder can see to the tutor or year groups they are listed for."
        />
        <section className="max-w-2xl rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="text-lg font-semibold">Class restrictions are off</h2>
          <p className="mt-1 text-slate-600">
            Key holders see pupils in every class their user group allows. To restrict them by tutor group or year
            group, choose one in the school settings; you can then list who may see each class here.
          </p>
          <Link
            href="/admin/settings"
            className="mt-4 inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
          >
            Open school settings
          </Link>
        </section>
      </div>
    );
  }
  const label = KIND_LABEL[overview.kind];
  const groups = await listGroupOptions(ctx);
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="Class restrictions"
        intro={`Key holders see only the pupils of the ${label}s they are listed for, directly or through their user group. Pupils without a ${label} need the “view students without a group” permission.`}
      />
      {overview.unassigned.length > 0 ? (
        <div role="status" className="rounded-2xl border border-amber-300 bg-amber-50 p-4 text-amber-950">
          <p className="font-semibold">
            {overview.unassigned.length === 1
              ? `1 ${label} has nobody listed`
              : `${overview.unassigned.length} ${label}s have nobody listed`}
          </p>
          <p className="mt-1 text-sm">
            Restricted key holders cannot see these pupils: {overview.unassigned.join(', ')}.
          </p>
        </div>
      ) : null}
      {overview.classes.length > 0 ? (
        <section className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
          <EverywhereForm groups={groups} />
        </section>
      ) : null}
      {overview.classes.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-5 text-slate-600">
          No {label}s yet: they come from the MIS import.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm">
          {overview.classes.map((c) => {
            const nobody = c.people === 0 && c.userGroups.length === 0;
            return (
              <li key={c.name} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 p-4">
                <Link
                  href={`/admin/class-restrictions/${encodeURIComponent(c.name)}`}
                  className="min-w-24 font-semibold text-brand-800 underline-offset-2 hover:underline"
                >
                  {c.name}
                </Link>
                <span className="text-sm text-slate-600">{c.pupils === 1 ? '1 pupil' : `${c.pupils} pupils`}</span>
                <span className={`grow text-right text-sm ${nobody ? 'font-medium text-amber-800' : 'text-slate-700'}`}>
                  {nobody
                    ? 'Nobody listed'
                    : [
                        c.people === 1 ? '1 person' : c.people > 0 ? `${c.people} people` : null,
                        c.userGroups.length > 0 ? `everyone in ${c.userGroups.join(', ')}` : null,
                      ]
                        .filter(Boolean)
                        .join(' and ')}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
