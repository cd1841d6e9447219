import { ClippedText } from '@/app/_components/clipped-text';
import { getProfileContacts, type ContactView } from '@/lib/profile';
import { ActionForm } from '../_components/action-form';
import { Card, Empty } from '../_components/card';
import { ElevatePrompt } from '../_components/elevate-prompt';
import { loadProfileTab, type ProfileParams } from '../_components/load';
import { ProfileFrame } from '../_components/profile-frame';
import { removeContactAction } from './actions';
import { ContactForm } from './contact-form';

export const metadata = { title: 'Pupil contacts' };

function contactName(c: ContactView): string {
  return [c.title, c.forename, c.surname].filter(Boolean).join(' ');
}

function Badge({ children }: { children: React.ReactNode }) {
  return (
    <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-900 ring-1 ring-brand-100">
      {children}
    </span>
  );
}

function Ways({ c }: { c: ContactView }) {
  const rows: [string, React.ReactNode][] = [];
  if (c.phone)
    rows.push([
      'Phone',
      <a key="p" href={`tel:${c.phone.replace(/\s+/g, '')}`} className="text-brand-800 underline underline-offset-2">
        {c.phone}
      </a>,
    ]);
  if (c.mobile)
    rows.push([
      'Mobile',
      <a key="m" href={`tel:${c.mobile.replace(/\s+/g, '')}`} className="text-brand-800 underline underline-offset-2">
        {c.mobile}
      </a>,
    ]);
  if (c.email)
    rows.push([
      'Email',
      <a key="e" href={`mailto:${c.email}`} className="break-all text-brand-800 underline underline-offset-2">
        {c.email}
      </a>,
    ]);
  if (c.address)
    rows.push([
      'Address',
      <ClippedText key="a" text={c.address} className="whitespace-pre-line break-words" maxChars={300} maxLines={5} />,
    ]);
  if (c.note)
    rows.push([
      'Note',
      <ClippedText key="n" text={c.note} className="whitespace-pre-line break-words" maxChars={300} maxLines={5} />,
    ]);
  if (rows.length === 0) return null;
  return (
    <dl className="mt-2 grid grid-cols-[5rem_1fr] gap-x-3 gap-y-1 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-600">{k}</dt>
          <dd className="min-w-0 text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function MisContact({ c }: { c: ContactView }) {
  return (
    <li className="p-4">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        {c.priority !== null ? (
          <span
            className="inline-flex h-6 min-w-6 items-center justify-center rounded-full bg-slate-100 px-1.5 text-xs font-semibold text-slate-700"
            aria-label={`Priority ${c.priority}`}
          >
            {c.priority}
          </span>
        ) : null}
        <span className="font-semibold">{contactName(c)}</span>
        {c.relationship ? <span className="text-slate-600">{c.relationship}</span> : null}
      </div>
      {c.parentalResponsibility || c.livesWithStudent ? (
        <p className="mt-1.5 flex flex-wrap gap-1.5">
          {c.parentalResponsibility ? <Badge>Parental responsibility</Badge> : null}
          {c.livesWithStudent ? <Badge>Lives with pupil</Badge> : null}
        </p>
      ) : null}
      <Ways c={c} />
    </li>
  );
}

function ManualContact({ c, studentId, canEdit }: { c: ContactView; studentId: string; canEdit: boolean }) {
  return (
    <li className="p-4">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <span className="font-semibold">{contactName(c)}</span>
        {c.relationship ? <span className="text-slate-600">{c.relationship}</span> : null}
        {c.organisation ? <span className="text-slate-600">· {c.organisation}</span> : null}
      </div>
      <Ways c={c} />
      {canEdit ? (
        <div className="mt-3 flex flex-wrap items-start gap-2">
          <details className="min-w-0 flex-1 basis-full sm:basis-auto">
            <summary className="inline-flex min-h-10 cursor-pointer items-center rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50">
              Edit {contactName(c)}
            </summary>
            <div className="mt-3 rounded-xl border border-slate-200 bg-slate-50 p-4">
              <ContactForm studentId={studentId} contact={c} />
            </div>
          </details>
          <ActionForm action={removeContactAction}>
            <input type="hidden" name="studentId" value={studentId} />
            <input type="hidden" name="contactId" value={c.id} />
            <button
              type="submit"
              className="inline-flex min-h-10 items-center rounded-lg border border-rose-200 bg-white px-3 py-1.5 text-sm font-medium text-rose-800 hover:bg-rose-50"
            >
              Remove {contactName(c)}
            </button>
          </ActionForm>
        </div>
      ) : null}
    </li>
  );
}

export default async function PupilContactsPage({ params }: ProfileParams) {
  const { studentId } = await params;
  const loaded = await loadProfileTab((ctx, style) => getProfileContacts(ctx, studentId, style));
  if (loaded.kind === 'elevate') return <ElevatePrompt />;
  const { page, ctx } = loaded;
  const id = page.header.id;
  return (
    <ProfileFrame header={page.header} current="contacts" timeZone={ctx.school.timeZone}>
      <div className="grid gap-5 lg:grid-cols-2">
        <Card
          title="Family and carers"
          id="mis-contacts-heading"
          actions={<span className="text-sm text-slate-600">From the school’s MIS, in priority order</span>}
        >
          {page.data.mis.length === 0 ? (
            <Empty>The MIS lists no contacts for this pupil.</Empty>
          ) : (
            <ul className="-mx-4 divide-y divide-slate-100 sm:-mx-5">
              {page.data.mis.map((c) => (
                <MisContact key={c.id} c={c} />
              ))}
            </ul>
          )}
        </Card>
        <div className="space-y-5">
          <Card title="Other professionals and contacts" id="manual-contacts-heading">
            {page.data.manual.length === 0 ? (
              <Empty>No contacts added by hand yet, such as a social worker or school nurse.</Empty>
            ) : (
              <ul className="-mx-4 divide-y divide-slate-100 sm:-mx-5">
                {page.data.manual.map((c) => (
                  <ManualContact key={c.id} c={c} studentId={id} canEdit={page.header.canEdit} />
                ))}
              </ul>
            )}
          </Card>
          {page.header.canEdit ? (
            <Card title="Add a contact" id="add-contact-heading">
              <ContactForm studentId={id} />
            </Card>
          ) : null}
        </div>
      </div>
    </ProfileFrame>
  );
}
