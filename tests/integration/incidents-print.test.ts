/**
 * "Print": the PDF of an incident and its actions, read back with pdftotext
 * as a reader would see it — the text as typed, names with every accent,
 * hide-names mode, the school's time zone, only what the reader may see — and
 * refused, exactly as the incident page refuses, for another school's ids, a
 * malformed id, a user lacking one of its categories, a key holder without
 * their key and a non-key user whose alert is read.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { png } from '../support/images';
import { pdfFacts, pdfText } from '../support/pdf';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { alerts, auditLog, categories } from '@/db/schema';
import { markAlertRead } from '@/lib/alerts/service';
import { NotFoundError } from '@/lib/errors';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import { DEFAULT_INCIDENT_FORM } from '@/lib/settings/form-definition';
import { deleteAction } from '@/lib/incidents';
import { replaceSchoolLogo, removeSchoolLogo } from '@/lib/admin';
import { mergeIncident } from '@/lib/incidents/merge';
import { printIncident } from '@/lib/incidents/print';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { DEFAULT_NAME_STYLE, type NameStyle } from '@/lib/students/names';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const style = DEFAULT_NAME_STYLE;
const FIELD_ID = randomUUID();
const TEXT =
  'Łukasz said at break that he is scared to go home.\n\nHe asked me not to tell anyone.\n    "Please don’t."';
let a: School;
let b: School;
let teacher: UserCtx;
let dsl: UserCtx;
let hoy: UserCtx;
let bDsl: UserCtx;
let dslId: string;
let teacherId: string;
let lukasz: string;
let seun: string;
let cat: Record<string, string>;
let incidentId: string;
let number: number;
let cpId: string;
let bIncident: string;

/** A small solid PNG, as a school logo would be. */
const printed = async (ctx: UserCtx, id = incidentId, s: NameStyle = style) => {
  const out = await printIncident(ctx, id, s);
  return { ...out, text: pdfText(out.pdf) };
};
const printAudits = () =>
  inSchool(a.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, 'incident.printed')));

beforeAll(async () => {
  const form = [
    ...DEFAULT_INCIDENT_FORM,
    {
      kind: 'custom' as const,
      advice: '',
      field: {
        id: FIELD_ID,
        label: 'Location',
        kind: 'text' as const,
        options: [],
        multiple: false,
        required: false,
        categoryIds: [],
        retired: false,
      },
    },
  ];
  const made = await makeSchool('incidents-print-a', 'Ysgol Gymraeg Llanrwst');
  a = {
    ...made,
    timeZone: 'Europe/London',
    settings: { ...made.settings, studentSearchOnAddIncident: true, incidentForm: form },
  };
  b = await makeSchool('incidents-print-b');
  teacherId = await makeUser({
    email: 'teacher@ip.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers' },
  });
  dslId = await makeUser({
    email: 'dsl@ip.example.org',
    displayName: 'David Okafor',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const hoyId = await makeUser({
    email: 'hoy@ip.example.org',
    displayName: 'Ben Price',
    memberships: { [a.slug]: 'Pastoral' },
    totpSecret: SECRET,
  });
  const bId = await makeUser({
    email: 'dsl@ip-b.example.org',
    displayName: 'B DSL',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  teacher = (await signedIn(a, teacherId)).ctx;
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  hoy = (await signedIn(a, hoyId, { elevated: true })).ctx;
  bDsl = (await signedIn(b, bId, { elevated: true })).ctx;
  [lukasz, seun] = (await addPupils(a.id, [
    { legalForename: 'Łukasz', legalSurname: 'Żółć' },
    { legalForename: 'Seun', legalSurname: 'Adeyemi' },
  ])) as [string, string];
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));

  const created = await createIncident(
    teacher,
    {
      studentId: lukasz,
      text: TEXT,
      categoryIds: `${cat['Safeguarding']},${cat['Bullying']}`,
      linked: JSON.stringify([{ studentId: seun, role: 'alleged_harm', categoryIds: [cat['Behaviour']] }]),
      markers: JSON.stringify([{ mapId: 'body-front', x: 0.4, y: 0.3, note: 'Bruise on the upper arm' }]),
      occurredAt: '2026-07-01T12:30',
      agencies: 'Police',
      alertUserIds: dslId,
      [`cf_${FIELD_ID}`]: 'Top playground',
    },
    new Date('2026-07-01T12:00:00Z'),
  );
  incidentId = created.incidentId;
  number = created.number;
  await addAction(dsl, {
    incidentId,
    text: 'Spoke to Łukasz with a colleague present.\nReferral made to Children’s Social Care.',
    agencies: 'Children’s Social Care',
    occurredAt: '2026-07-02T09:05',
  });
  const wrong = await addAction(dsl, { incidentId, text: 'Recorded against the wrong incident.' });
  await deleteAction(dsl, { actionId: wrong.actionId, reason: 'Wrong incident' });

  cpId = (
    await createIncident(teacher, {
      studentId: lukasz,
      text: 'A disclosure for Child Protection only.',
      categoryIds: cat['Child Protection']!,
      alertUserIds: dslId,
    })
  ).incidentId;
  const [bPupil] = (await addPupils(b.id, [{ legalForename: 'Bea', legalSurname: 'Other' }])) as [string];
  const bCat = (
    await inSchool(b.id, (tx) =>
      tx.select({ id: categories.id }).from(categories).where(eq(categories.name, 'Behaviour')),
    )
  )[0]!.id;
  bIncident = (await createIncident(bDsl, { studentId: bPupil, text: 'B school record', categoryIds: bCat }))
    .incidentId;
});

describe('the printed incident', () => {
  it('holds the incident, its live actions and every accent, as a neutral download, and is audited', async () => {
    const out = await printed(dsl);
    expect(out.filename).toBe(`incident-${number}.pdf`);
    expect(out.filename).not.toMatch(/ukasz|Żółć/);
    expect(Buffer.from(out.pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const t = out.text;
    // The header on every page, the pupil, the number.
    expect(t).toContain('Ysgol Gymraeg Llanrwst');
    expect(t).toContain('CONFIDENTIAL');
    expect(t).toContain(`Incident #${number}`);
    expect(t).toContain('Łukasz Żółć');
    // The text exactly as typed: line breaks, the blank line and the indentation kept.
    expect(t).toContain(
      'Łukasz said at break that he is scared to go home.\nHe asked me not to tell anyone.\n"Please don’t."',
    );
    expect(pdfText(out.pdf, { layout: true })).toMatch(
      /Łukasz said at break that he is scared to go home\.\n\nHe asked me not to tell anyone\.\n +"Please don’t\."/,
    );
    // When, in the school's time zone: typed as 12:30 there, stored as 11:30 UTC.
    expect(t).toContain('1 Jul 2026, 12:30 BST');
    expect(t).toMatch(/Recorded by\s+Tom Hughes/);
    expect(t).toMatch(/Categories\s+Safeguarding, Bullying|Categories\s+Bullying, Safeguarding/);
    expect(t).toMatch(/Status\s+Active/);
    expect(t).toMatch(/Assigned to\s+Nobody/);
    expect(t).toMatch(/Agencies\s+Police/);
    expect(t).toContain('Seun Adeyemi (alleged to have caused harm)');
    expect(t).toContain('Bruise on the upper arm');
    expect(t).toMatch(/Location\s+Top playground/);
    // The live action, never the deleted one.
    expect(t).toContain('1 action');
    expect(t).toContain('Spoke to Łukasz with a colleague present.\nReferral made to Children’s Social Care.');
    expect(t).toContain('2 Jul 2026, 09:05 BST · David Okafor');
    expect(t).not.toContain('Recorded against the wrong incident.');
    expect(t).toMatch(/Printed by David Okafor on \d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);
    expect(t).toContain('Page 1 of 1');
    // The file's properties name no pupil.
    expect(pdfFacts(out.pdf)).toMatchObject({ pages: 1, images: 0, title: `Incident #${number}` });

    const audit = (await printAudits()).at(-1);
    expect(audit).toMatchObject({
      actorUserId: dslId,
      entityType: 'incident',
      entityId: incidentId,
      ip: '203.0.113.7',
    });
    expect(audit?.details).toMatchObject({ number, studentId: lukasz, actions: 1 });
  });

  it('shows initials in hide-names mode, and the school’s name order', async () => {
    const hidden = await printed(dsl, incidentId, { ...style, hidden: true });
    expect(hidden.text).toContain('Ł*** Ż***');
    expect(hidden.text).toContain('S*** A*** (alleged to have caused harm)');
    expect(hidden.text).not.toContain('Żółć');
    expect(hidden.text).not.toContain('Seun');
    const lastFirst = await printed(dsl, incidentId, { ...style, order: 'last-first' });
    expect(lastFirst.text).toContain('Żółć, Łukasz');
  });

  it('runs a 50,000-character text across pages, numbered, with nothing lost', async () => {
    const para = (n: number) => `Paragraph ${n}: ${'the same careful words again and again '.repeat(12).trim()}.`;
    let long = '';
    for (let n = 1; long.length < 49_900; n++) long += `${para(n)}\n`;
    long = `${long.slice(0, 49_950).trimEnd()} END-OF-TEXT`;
    expect(long.length).toBeLessThanOrEqual(50_000);
    const { incidentId: id } = await createIncident(dsl, {
      studentId: lukasz,
      text: long,
      categoryIds: cat['Behaviour']!,
    });
    const out = await printed(dsl, id);
    const facts = pdfFacts(out.pdf);
    expect(facts.pages).toBeGreaterThan(8);
    expect(out.text).toContain(`Page ${facts.pages} of ${facts.pages}`);
    expect(out.text.split('\f').filter((p) => p.includes('CONFIDENTIAL'))).toHaveLength(facts.pages);
    // Every word is there, in order: only the wrapping differs.
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    const body = out.text.slice(
      out.text.indexOf('Paragraph 1:'),
      out.text.indexOf('END-OF-TEXT') + 'END-OF-TEXT'.length,
    );
    const withoutPageFurniture = body
      .split('\n')
      .filter(
        (l) =>
          !/^(Ysgol Gymraeg Llanrwst|CONFIDENTIAL|Confidential safeguarding record.*|Printed by .*|Page \d+ of \d+|\f.*)$/.test(
            l.trim(),
          ),
      )
      .join('\n');
    expect(words(withoutPageFurniture)).toEqual(words(long));
  });

  it('draws the school’s logo in the header once it has one, and not after it is removed', async () => {
    const images = async () => pdfFacts((await printIncident(dsl, incidentId, style)).pdf).images;
    expect(await images()).toBe(0);
    await replaceSchoolLogo(dsl, png(240, 80));
    expect(await images()).toBe(1);
    // Another school's documents do not carry it.
    expect(pdfFacts((await printIncident(bDsl, bIncident, style)).pdf).images).toBe(0);
    await removeSchoolLogo(dsl);
    expect(await images()).toBe(0);
  });
});

describe('who may print', () => {
  it('answers "not found" for another school’s ids and a malformed id, writing nothing', async () => {
    const before = (await printAudits()).length;
    await expect(printIncident(bDsl, incidentId, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(printIncident(dsl, bIncident, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(printIncident(dsl, 'not-an-id', style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(printIncident(dsl, randomUUID(), style)).rejects.toBeInstanceOf(NotFoundError);
    expect(await printAudits()).toHaveLength(before);
  });

  it('refuses a user lacking one of the incident’s categories, and an unelevated key holder', async () => {
    await expect(printIncident(hoy, cpId, style)).rejects.toBeInstanceOf(NotFoundError);
    // The same Pastoral user prints what their group may read.
    expect((await printed(hoy)).text).toContain('He asked me not to tell anyone.');
    const unelevatedHoy = (await signedIn(a, hoy.user.id)).ctx;
    await expect(printIncident(unelevatedHoy, incidentId, style)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lets a non-key user print an alerted record until the alert is read, naming no pupil they may not see', async () => {
    // Without a key the DSL is a non-key user: the alert on the CP incident is their way in.
    const unelevated = (await signedIn(a, dslId)).ctx;
    const out = await printed(unelevated, cpId);
    expect(out.text).toContain('A disclosure for Child Protection only.');
    // The teacher's alert-less incident stays closed to them.
    await expect(printIncident(teacher, incidentId, style)).rejects.toBeInstanceOf(NotFoundError);
    const [alert] = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(alerts)
        .where(and(eq(alerts.userId, dslId), eq(alerts.incidentId, cpId))),
    );
    await markAlertRead(unelevated, { alertId: alert!.id });
    await expect(printIncident((await signedIn(a, dslId)).ctx, cpId, style)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('names linked pupils only where the reader may see them', async () => {
    // The DSL's alert on the first incident lets them read it without a key, but not list Seun.
    const unelevated = (await signedIn(a, dslId)).ctx;
    const out = await printed(unelevated);
    expect(out.text).toContain('Łukasz Żółć');
    expect(out.text).not.toContain('Seun');
    expect(out.text).not.toContain('Linked pupils');
  });

  it('labels the incident form’s values on an action that was an incident merged in', async () => {
    const merged = await createIncident(dsl, {
      studentId: lukasz,
      text: 'A second account of the same event.',
      categoryIds: cat['Bullying']!,
      [`cf_${FIELD_ID}`]: 'Back field',
    });
    await mergeIncident(dsl, { incidentId: merged.incidentId, intoNumber: String(number) });
    const out = await printed(dsl);
    expect(out.text).toContain('A second account of the same event.');
    expect(out.text).toMatch(/Location\s+Back field/);
  });
});
