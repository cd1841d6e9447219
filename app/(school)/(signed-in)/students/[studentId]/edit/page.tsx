import Link from 'next/link';
import { getProfileEdit, type LinkedPupil, type ProfileEdit, type StaffOption } from '@/lib/profile';
import { LINK_RELATIONSHIPS } from '@/lib/students';
import { ActionForm } from '../_components/action-form';
import { Card, Empty } from '../_components/card';
import { ElevatePrompt } from '../_components/elevate-prompt';
import { loadProfileTab, type ProfileParams } from '../_components/load';
import { ProfileFrame } from '../_components/profile-frame';
import { profileHref } from '../_components/tabs';
import { addAlertStaffAction, addLinkAction, removeAlertStaffAction, removeLinkAction } from './actions';
import { DetailsForm } from './details-form';
import { MonitoringForm } from './monitoring-form';

export const metadata = { title: 'Edit pupil information' };

const smallButton =
  'inline-flex min-h-10 items-center justify-center rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50';
const primaryButton =
  'inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700';
const select =
  'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600';

function AlertStaff({
  studentId,
  chosen,
  candidates,
}: {
  studentId: string;
  chosen: StaffOption[];
  candidates: StaffOption[];
}) {
  const byGroup = new Map<string, StaffOption[]>();
  for (const c of candidates) byGroup.set(c.groupName, [...(byGroup.get(c.groupName) ?? []), c]);
  return (
    <div className="space-y-4">
      {chosen.length === 0 ? (
        <p className="text-slate-600">
          Nobody yet. Staff added here are alerted about every new incident for this pupil.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200">
          {chosen.map((s) => (
            <li key={s.userId}>
              <ActionForm
                action={removeAlertStaffAction}
                className="flex flex-wrap items-center justify-between gap-2 px-3 py-2"
              >
                <span>
                  <span className="font-medium">{s.displayName}</span>{' '}
                  <span className="text-sm text-slate-600">· {s.groupName}</span>
                </span>
                <input type="hidden" name="studentId" value={studentId} />
                <input type="hidden" name="userId" value={s.userId} />
                <button type="submit" className={smallButton} aria-label={`Stop alerting ${s.displayName}`}>
                  Remove
                </button>
              </ActionForm>
            </li>
          ))}
        </ul>
      )}
      {candidates.length > 0 ? (
        <ActionForm action={addAlertStaffAction} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="studentId" value={studentId} />
          <div className="min-w-0 flex-1 basis-56">
            <label htmlFor="alert-staff-user" className="block text-sm font-medium text-slate-800">
              Add a member of staff
            </label>
            <select id="alert-staff-user" name="userId" required defaultValue="" className={`mt-1 ${select}`}>
              <option value="" disabled>
                Choose…
              </option>
              {[...byGroup.entries()].map(([group, people]) => (
                <optgroup key={group} label={group}>
                  {people.map((p) => (
                    <option key={p.userId} value={p.userId}>
                      {p.displayName}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <button type="submit" className={primaryButton}>
            Add
          </button>
        </ActionForm>
      ) : null}
    </div>
  );
}

function LinkRow({ studentId, link }: { studentId: string; link: LinkedPupil }) {
  const name = link.canOpen ? (
    <Link href={profileHref(link.studentId)} className="font-medium text-brand-800 underline underline-offset-2">
      {link.name}
    </Link>
  ) : (
    <span className="font-medium">{link.name}</span>
  );
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
      <span className="min-w-0">
        {name}{' '}
        <span className="text-sm text-slate-600">
          · {link.relationship} · {link.group}
        </span>
        {link.source === 'mis' ? (
          <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">From the MIS</span>
        ) : null}
      </span>
      {link.source === 'manual' ? (
        <ActionForm action={removeLinkAction}>
          <input type="hidden" name="studentId" value={studentId} />
          <input type="hidden" name="linkId" value={link.linkId} />
          <button type="submit" className={smallButton} aria-label={`Remove link to ${link.name}`}>
            Remove
          </button>
        </ActionForm>
      ) : null}
    </li>
  );
}

function Links({ studentId, data, query }: { studentId: string; data: ProfileEdit; query: string }) {
  const all = [...data.links.mis, ...data.links.manual];
  return (
    <div className="space-y-4">
      {all.length === 0 && data.links.hidden === 0 ? (
        <p className="text-slate-600">No linked pupils.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200">
          {all.map((l) => (
            <LinkRow key={l.linkId} studentId={studentId} link={l} />
          ))}
          {data.links.hidden > 0 ? (
            <li className="px-3 py-2 text-sm text-slate-600">
              {data.links.hidden === 1
                ? 'One more linked pupil is outside your access.'
                : `${data.links.hidden} more linked pupils are outside your access.`}
            </li>
          ) : null}
        </ul>
      )}
      <form
        method="get"
        action={`${profileHref(studentId, '/edit')}#links-heading`}
        role="search"
        className="flex flex-wrap items-end gap-2"
      >
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="link-search" className="block text-sm font-medium text-slate-800">
            Link another pupil
          </label>
          <p id="link-search-hint" className="text-sm text-slate-600">
            Search by name, then choose how they are related.
          </p>
          <input
            id="link-search"
            name="linkq"
            type="search"
            defaultValue={query}
            autoComplete="off"
            aria-describedby="link-search-hint"
            className={`mt-1 ${select}`}
          />
        </div>
        <button type="submit" className={smallButton + ' min-h-11'}>
          Search
        </button>
      </form>
      {data.linkCandidates === null ? null : data.linkCandidates.length === 0 ? (
        <p className="text-slate-600">No pupil you can see matches “{query}”.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200" aria-label="Pupils found">
          {data.linkCandidates.map((c) => (
            <li key={c.studentId} className="px-3 py-2">
              <ActionForm action={addLinkAction} className="flex flex-wrap items-center gap-2" label={`Link ${c.name}`}>
                <span className="min-w-0 flex-1 basis-40">
                  <span className="font-medium">{c.name}</span>
                  <span className="text-sm text-slate-600"> · {c.group}</span>
                </span>
                <input type="hidden" name="studentId" value={studentId} />
                <input type="hidden" name="linkedStudentId" value={c.studentId} />
                <label className="sr-only" htmlFor={`rel-${c.studentId}`}>
                  Relationship to {c.name}
                </label>
                <select
                  id={`rel-${c.studentId}`}
                  name="relationship"
                  defaultValue="Friend"
                  className="rounded-lg border border-slate-300 bg-white px-2 py-2 text-sm"
                >
                  {LINK_RELATIONSHIPS.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
                <button type="submit" className={smallButton}>
                  Link
                </button>
              </ActionForm>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export default async function EditPupilPage({
  params,
  searchParams,
}: ProfileParams & { searchParams: Promise<{ linkq?: string | string[] }> }) {
  const { studentId } = await params;
  const raw = (await searchParams).linkq;
  const query = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 100) ?? '';
  const loaded = await loadProfileTab((ctx, style) => getProfileEdit(ctx, studentId, style, { linkQuery: query }));
  if (loaded.kind === 'elevate') return <ElevatePrompt />;
  const { page, ctx } = loaded;
  const d = page.data;
  const id = page.header.id;
  return (
    <ProfileFrame header={page.header} current="edit" timeZone={ctx.school.timeZone}>
      <div className="grid gap-5 lg:grid-cols-2">
        <div className="space-y-5">
          <Card title="Pupil information" id="details-heading">
            <DetailsForm
              studentId={id}
              version={d.profile.version}
              summary={d.profile.summary}
              keywords={d.profile.keywords}
              agencyIds={d.profile.agencyIds}
              otherAgencies={d.profile.otherAgencies}
              agencyOptions={d.agencyOptions}
              form={d.form}
              customValues={d.profile.customValues}
            />
          </Card>
          <Card title="Staff to alert automatically" id="alert-heading">
            <AlertStaff studentId={id} chosen={d.alertStaff} candidates={d.staffCandidates} />
          </Card>
        </div>
        <div className="space-y-5">
          <Card title="Monitoring" id="monitoring-heading">
            {d.monitoring.length === 0 ? (
              <Empty>Your user group cannot see monitoring in any category.</Empty>
            ) : (
              <MonitoringForm studentId={id} options={d.monitoring} today={d.today} />
            )}
          </Card>
          <Card title="Linked pupils" id="links-heading">
            <Links studentId={id} data={d} query={query} />
          </Card>
        </div>
      </div>
    </ProfileFrame>
  );
}
