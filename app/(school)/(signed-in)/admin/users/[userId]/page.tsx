import Link from 'next/link';
import { getMemberPermissions, getMemberProfile, listGroupOptions } from '@/lib/admin';
import { orNotFound, requireAdminPage } from '../../admin-page';
import { schoolDate, schoolDateTime } from '../../_components/format';
import { AdminPageHeader, secondaryLink } from '../../_components/page-header';
import { ShieldIcon } from '../../_components/shield-icon';
import { DeactivateButton } from '../row-actions';
import { PermissionsSection } from './permissions-section';
import {
  AlertEmailForm,
  ChangeEmailForm,
  ChangeGroupForm,
  ReactivateForm,
  RemoveKeysForm,
  SendPasswordLinkForm,
} from './profile-forms';

export const metadata = { title: 'User' };

const card = 'rounded-2xl border border-slate-200 bg-white p-5 shadow-sm';

export default async function UserProfilePage({
  params,
  searchParams,
}: {
  params: Promise<{ userId: string }>;
  searchParams: Promise<{ added?: string; keys?: string; reactivated?: string }>;
}) {
  const ctx = await requireAdminPage();
  const { userId } = await params;
  const [profile, groups, permissions] = await Promise.all([
    orNotFound(getMemberProfile(ctx, userId)),
    listGroupOptions(ctx),
    orNotFound(getMemberPermissions(ctx, userId)),
  ]);
  const sp = await searchParams;
  const added = sp.added === '1';
  const keysRemoved = sp.keys === 'removed';
  const when = schoolDateTime(ctx.school.timeZone);
  const day = schoolDate(ctx.school.timeZone);
  const domains = ctx.school.settings.emailDomainWhitelist;
  const active = profile.status === 'active';

  return (
    <div className="space-y-5">
      <AdminPageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {profile.displayName}
            {profile.keys.length > 0 ? <ShieldIcon className="h-6 w-6" /> : null}
            {active ? null : (
              <span className="rounded-full bg-rose-100 px-2.5 py-0.5 text-sm font-medium text-rose-900">
                Deactivated
              </span>
            )}
          </span>
        }
        back={
          active
            ? { href: '/admin/users', label: 'Users' }
            : { href: '/admin/users/deactivated', label: 'Deactivated users' }
        }
      >
        <Link href={`/admin/users/${profile.userId}/security-log`} className={secondaryLink}>
          Security log
        </Link>
        <Link href={`/admin/users/${profile.userId}/activity`} className={secondaryLink}>
          Activity
        </Link>
        <Link href={`/admin/users/${profile.userId}/alerts`} className={secondaryLink}>
          Alerts
        </Link>
      </AdminPageHeader>

      {added ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          {profile.displayName} is added, and we have emailed them a link to set their password (it works until midnight
          tonight).
        </p>
      ) : null}

      {sp.reactivated === '1' && active ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          {profile.displayName} is reactivated and can sign in again.
        </p>
      ) : null}

      {keysRemoved ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          All 2FA devices of {profile.displayName} are removed. They have been told by email.
        </p>
      ) : null}

      <section aria-labelledby="details-heading" className={card}>
        <h2 id="details-heading" className="text-lg font-semibold">
          Details
        </h2>
        <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-600">Email</dt>
          <dd className="break-all">{profile.email}</dd>
          <dt className="font-medium text-slate-600">Group</dt>
          <dd>{profile.group.name}</dd>
          <dt className="font-medium text-slate-600">Status</dt>
          <dd>
            {active ? 'Active' : `Deactivated${profile.deactivatedAt ? ` on ${day(profile.deactivatedAt)}` : ''}`}
          </dd>
          <dt className="font-medium text-slate-600">Alert email</dt>
          <dd className="break-all">
            {profile.alertEmail ?? <span className="text-slate-500">Same as sign-in email</span>}
          </dd>
          <dt className="font-medium text-slate-600">MIS staff id</dt>
          <dd>{profile.misStaffId ?? <span className="text-slate-500">None (non-MIS user)</span>}</dd>
          <dt className="font-medium text-slate-600">User here since</dt>
          <dd>{day(profile.memberSince)}</dd>
        </dl>
      </section>

      {profile.isSelf ? (
        <p className="rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700">
          This is your own account. Ask another administrator to change your group, deactivate you or remove your
          devices. You manage your own keys under{' '}
          <Link href="/account/security" className="text-brand-700 underline underline-offset-2">
            Security keys
          </Link>
          .
        </p>
      ) : null}

      {active ? (
        <div className="grid gap-5 lg:grid-cols-2">
          {profile.isSelf ? null : (
            <section aria-labelledby="group-heading" className={card}>
              <h2 id="group-heading" className="mb-3 text-lg font-semibold">
                Group
              </h2>
              <ChangeGroupForm userId={profile.userId} groupId={profile.group.id} groups={groups} />
            </section>
          )}
          <section aria-labelledby="email-heading" className={card}>
            <h2 id="email-heading" className="mb-3 text-lg font-semibold">
              Email
            </h2>
            <ChangeEmailForm userId={profile.userId} email={profile.email} domains={domains} />
            {profile.isSelf ? null : (
              <div className="mt-4 border-t border-slate-100 pt-4">
                <SendPasswordLinkForm userId={profile.userId} />
              </div>
            )}
          </section>
          <section aria-labelledby="alert-email-heading" className={card}>
            <h2 id="alert-email-heading" className="mb-3 text-lg font-semibold">
              Alert email
            </h2>
            <AlertEmailForm userId={profile.userId} alertEmail={profile.alertEmail} domains={domains} />
          </section>
        </div>
      ) : null}

      <PermissionsSection p={permissions} card={card} />

      <section aria-labelledby="keys-heading" className={card}>
        <h2 id="keys-heading" className="text-lg font-semibold">
          2FA devices (keys)
        </h2>
        {profile.keys.length === 0 ? (
          <p className="mt-2 text-slate-600">
            No devices. {profile.displayName} works without a key: they can record concerns only.
          </p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {profile.keys.map((k) => (
              <li key={k.id} className="py-2">
                <span className="font-medium">{k.name}</span>
                <span className="text-slate-600">
                  {' '}
                  · {k.kind === 'totp' ? 'Authenticator app' : 'Security key or passkey'} · added {when(k.createdAt)}
                  {k.lastUsedAt ? ` · last used ${when(k.lastUsedAt)}` : ' · never used'}
                </span>
              </li>
            ))}
          </ul>
        )}
        {profile.keys.length > 0 && !profile.isSelf ? (
          <div className="mt-4">
            <RemoveKeysForm userId={profile.userId} name={profile.displayName} />
          </div>
        ) : null}
      </section>

      {profile.isSelf ? null : active ? (
        <section aria-labelledby="status-heading" className={card}>
          <h2 id="status-heading" className="text-lg font-semibold">
            Deactivate
          </h2>
          <p className="mt-1 mb-3 text-slate-600">
            They are signed out here at once and cannot sign in until reactivated. Their records and history stay.
          </p>
          <DeactivateButton userId={profile.userId} name={profile.displayName} variant="button" />
        </section>
      ) : (
        <section aria-labelledby="reactivate-heading" className={card}>
          <h2 id="reactivate-heading" className="text-lg font-semibold">
            Reactivate
          </h2>
          <p className="mt-1 mb-3 text-slate-600">
            They can sign in again with their password. Check the address they sign in with and the group they return
            to: both may have changed while they were away.
          </p>
          <ReactivateForm
            userId={profile.userId}
            name={profile.displayName}
            email={profile.email}
            groupId={profile.group.id}
            groups={groups}
            domains={domains}
          />
        </section>
      )}
    </div>
  );
}
