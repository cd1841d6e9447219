import Link from 'next/link';
import { ClippedList, ClippedText } from '@/app/_components/clipped-text';
import { listSchoolMaps, type MapChoice } from '@/lib/maps';
import { getProfileOverview, type BodyMapIncident, type ProfileOverview } from '@/lib/profile';
import { BodyMapOverview, type OverviewMapIncident } from './_components/body-map-overview';
import { Card, Empty, formatDay } from './_components/card';
import { ElevatePrompt } from './_components/elevate-prompt';
import { IncidentCharts } from './_components/incident-charts';
import { loadProfileTab, type ProfileParams } from './_components/load';
import { ProfileFrame } from './_components/profile-frame';
import { profileHref } from './_components/tabs';

export const metadata = { title: 'Pupil overview' };

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-[9.5rem_1fr] sm:gap-3">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="font-medium text-slate-900">{children}</dd>
    </div>
  );
}

/** The combined map numbers every marker once, in the order of the list (newest incident first). */
function numberMarkers(list: BodyMapIncident[], timeZone: string): OverviewMapIncident[] {
  const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone });
  let n = 0;
  return list.map((i) => ({
    id: i.incidentId,
    number: i.number,
    when: day.format(i.occurredAt),
    href: `/incidents/${i.incidentId}`,
    markers: i.markers.map((m) => ({ mapId: m.mapId, x: m.x, y: m.y, note: m.note, n: (n += 1) })),
  }));
}

const none = <span className="font-normal text-slate-500">Not recorded</span>;
const yesNo = (v: boolean) => (v ? 'Yes' : 'No');
/** The MIS sends M and F; anything else is shown as it came. */
const genderLabel = (g: string) => ({ M: 'Male', F: 'Female' })[g.toUpperCase()] ?? g;

function Chips({ items, empty }: { items: string[]; empty: string }) {
  if (items.length === 0) return <p className="text-slate-500">{empty}</p>;
  return (
    <ul className="flex flex-wrap gap-1.5">
      {items.map((k) => (
        <li key={k} className="rounded-full border border-slate-200 bg-slate-50 px-2.5 py-0.5 text-sm text-slate-800">
          {k}
        </li>
      ))}
    </ul>
  );
}

function Overview({
  o,
  studentId,
  canEdit,
  timeZone,
  maps,
}: {
  o: ProfileOverview;
  studentId: string;
  canEdit: boolean;
  timeZone: string;
  maps: MapChoice[];
}) {
  const flags = [
    o.lookedAfter ? 'Looked after' : null,
    o.pupilPremium ? 'Pupil premium' : null,
    o.freeSchoolMeals ? 'Free school meals' : null,
    o.eal ? 'EAL' : null,
    o.sen && o.sen.code !== 'N' ? o.sen.label : null,
  ].filter((f): f is string => f !== null);
  const editLink = canEdit ? (
    <Link href={profileHref(studentId, '/edit')} className="text-sm text-brand-700 underline underline-offset-2">
      Edit
    </Link>
  ) : null;
  return (
    <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="space-y-5">
        <Card title="Summary" id="summary-heading" actions={editLink}>
          {o.summary ? (
            <ClippedText text={o.summary} className="break-words text-slate-900" />
          ) : (
            <p className="text-slate-500">No summary yet.</p>
          )}
          {flags.length > 0 ? (
            <ul aria-label="At a glance" className="mt-3 flex flex-wrap gap-1.5">
              {flags.map((f) => (
                <li
                  key={f}
                  className="rounded-full bg-brand-50 px-2.5 py-0.5 text-sm font-medium text-brand-900 ring-1 ring-brand-100"
                >
                  {f}
                </li>
              ))}
            </ul>
          ) : null}
          <div className="mt-4 grid gap-4 sm:grid-cols-2">
            <div>
              <h3 className="mb-1.5 text-sm font-medium text-slate-700">Keywords</h3>
              <Chips items={o.keywords} empty="None" />
            </div>
            <div>
              <h3 className="mb-1.5 text-sm font-medium text-slate-700">Agencies involved</h3>
              <Chips items={o.agencies} empty="None recorded" />
            </div>
          </div>
          {o.customFields.length > 0 ? (
            <dl className="mt-4 grid gap-x-4 gap-y-3 sm:grid-cols-2">
              {o.customFields.map((f, i) => (
                <div key={i} className="min-w-0">
                  <dt className="text-sm font-medium text-slate-700">{f.label}</dt>
                  <dd className="mt-0.5">
                    <ClippedText text={f.value} className="whitespace-pre-wrap break-words text-slate-900" />
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
        </Card>
        <Card title="Incidents" id="incidents-heading">
          {o.incidents.total === 0 ? <Empty>No incidents recorded yet.</Empty> : <IncidentCharts data={o.incidents} />}
        </Card>
        <Card title="Body map" id="body-map-heading">
          {o.bodyMap.length === 0 ? (
            <Empty>No markers on the incidents you can see.</Empty>
          ) : (
            <BodyMapOverview incidents={numberMarkers(o.bodyMap, timeZone)} maps={maps} />
          )}
        </Card>
      </div>
      <div className="space-y-5">
        <Card title="Details" id="details-heading">
          <dl className="divide-y divide-slate-100">
            <Fact label="Legal name">{o.legalName}</Fact>
            <Fact label="Preferred name">{o.preferredName}</Fact>
            <Fact label="Date of birth">
              {o.dateOfBirth ? (
                formatDay(o.dateOfBirth, 'long')
              ) : (
                <span className="font-normal text-slate-500">Hidden</span>
              )}
              {o.age !== null ? <span className="font-normal text-slate-600"> · age {o.age}</span> : null}
            </Fact>
            <Fact label="Gender">{o.gender ? genderLabel(o.gender) : none}</Fact>
            <Fact label="Year group">{o.yearGroup ?? none}</Fact>
            <Fact label="Tutor group">{o.tutorGroup ?? none}</Fact>
            <Fact label="UPN">{o.upn ? <span className="font-mono text-sm break-all">{o.upn}</span> : none}</Fact>
            <Fact label="Ethnicity">{o.ethnicity ?? none}</Fact>
            <Fact label="Religion">{o.religion ?? none}</Fact>
          </dl>
        </Card>
        <Card title="Needs and support" id="needs-heading">
          <dl className="divide-y divide-slate-100">
            <Fact label="SEN status">{o.sen ? `${o.sen.label} (${o.sen.code})` : none}</Fact>
            <Fact label="English as an additional language">{yesNo(o.eal)}</Fact>
            <Fact label="Pupil premium">{yesNo(o.pupilPremium)}</Fact>
            <Fact label="Free school meals">{yesNo(o.freeSchoolMeals)}</Fact>
            <Fact label="Looked after">{yesNo(o.lookedAfter)}</Fact>
            <Fact label="Medical conditions">
              {o.medicalConditions.length === 0 ? (
                <span className="font-normal text-slate-500">None recorded</span>
              ) : (
                <ClippedList items={o.medicalConditions} />
              )}
            </Fact>
          </dl>
        </Card>
      </div>
    </div>
  );
}

export default async function PupilOverviewPage({ params }: ProfileParams) {
  const { studentId } = await params;
  const loaded = await loadProfileTab((ctx, style) => getProfileOverview(ctx, studentId, style));
  if (loaded.kind === 'elevate') return <ElevatePrompt />;
  const { page, ctx } = loaded;
  return (
    <ProfileFrame header={page.header} current="overview" timeZone={ctx.school.timeZone}>
      <Overview
        o={page.data}
        studentId={page.header.id}
        canEdit={page.header.canEdit}
        timeZone={ctx.school.timeZone}
        maps={await listSchoolMaps(ctx)}
      />
    </ProfileFrame>
  );
}
