import Link from 'next/link';
import { adminAccess, ELEVATE_FOR_ADMIN, getClassRestrictionOverview } from '@/lib/admin';
import { requireUserCtx } from '@/lib/http';
import { UnassignedClassesNotice } from '@/app/_components/unassigned-classes-notice';
import { buttonLink } from './_components/page-header';

export const metadata = { title: 'Administration' };

const SECTIONS = [
  {
    href: '/admin/overview',
    title: 'Overview',
    text: 'The school at a glance: its address, import health, users and key holders, the service-level agreement and the latest support requests.',
  },
  {
    href: '/admin/users',
    title: 'Users',
    text: 'Staff who use Haven here: add people, change their group or email, deactivate, remove lost 2FA devices, see their security log.',
  },
  {
    href: '/admin/users/deactivated',
    title: 'Deactivated users',
    text: 'People who can no longer sign in here. Reactivate them when they return.',
  },
  {
    href: '/admin/groups',
    title: 'User groups',
    text: 'What each group may do: system permissions and, per category, viewing students, viewing incidents and adding incidents.',
  },
  {
    href: '/admin/alert-groups',
    title: 'Alert groups',
    text: 'Named sets of staff that alerts can be sent to together.',
  },
  {
    href: '/admin/categories',
    title: 'Categories',
    text: 'The categories incidents and monitoring are recorded in: add, rename, disable, delete unused ones, merge.',
  },
  {
    href: '/admin/agencies',
    title: 'Agencies',
    text: 'The outside agencies staff tick under “Agencies involved”: add, rename, disable.',
  },
  {
    href: '/admin/class-restrictions',
    title: 'Class restrictions',
    text: 'Which tutor or year groups each key holder may see, when the school restricts by class.',
  },
  {
    href: '/admin/imports',
    title: 'Imports',
    text: 'Pupils, staff, contacts and attendance from the MIS: import health, every run with its counts and row errors, and uploading an extract.',
  },
  {
    href: '/admin/maps',
    title: 'Maps',
    text: 'The body maps and your school’s own pictures that staff place markers on: upload a map, disable or enable any of them.',
  },
  {
    href: '/admin/settings',
    title: 'School settings',
    text: 'When screens blank themselves, the security message, the time zone, the school logo, which email domains staff addresses may use, and more.',
  },
  {
    href: '/admin/form-builder',
    title: 'Form builder',
    text: 'The incident, action and student forms: the order of their fields, advice under any of them, and your school’s own fields.',
  },
  {
    href: '/admin/calendar',
    title: 'Calendar',
    text: 'Academic years, their terms and closure days: what “this academic year” and “this term” mean everywhere.',
  },
  {
    href: '/admin/transfers',
    title: 'Transfers',
    text: 'Child protection files following pupils to and from other schools that use Haven: request, authorise, decline, confirm receipt, and the categories you send.',
  },
  {
    href: '/admin/training',
    title: 'Training mode',
    text: 'Let staff practise recording concerns: everything recorded meanwhile is marked as training and removed when you switch it off, except what you keep.',
  },
] as const;

export default async function AdministrationPage() {
  const ctx = await requireUserCtx();
  const access = adminAccess(ctx);
  if (access !== 'allowed') {
    return (
      <section className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold tracking-tight">Administration</h1>
        {access === 'needs_elevation' ? (
          <>
            <p className="mt-2 text-slate-600">
              {ELEVATE_FOR_ADMIN} Administration changes who can see safeguarding records, so it needs your key every
              session.
            </p>
            <Link href="/elevate" className={`${buttonLink} mt-4`}>
              Elevate your access
            </Link>
          </>
        ) : (
          <p className="mt-2 text-slate-600">
            Your user group does not include administration in {ctx.school.name}. Ask your safeguarding lead if you need
            it.
          </p>
        )}
      </section>
    );
  }
  const { unassigned, kind } = await getClassRestrictionOverview(ctx);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Administration</h1>
        <p className="mt-1 text-slate-600">
          Who uses Haven at {ctx.school.name}, and what they may see. Every change here is recorded in the audit log.
        </p>
      </div>
      <UnassignedClassesNotice unassigned={unassigned} kind={kind} />
      <ul className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.map((s) => (
          <li key={s.href}>
            <Link
              href={s.href}
              className="block h-full rounded-2xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600 hover:bg-brand-50"
            >
              <span className="text-lg font-semibold text-brand-900">{s.title}</span>
              <span className="mt-1 block text-slate-600">{s.text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
