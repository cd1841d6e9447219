/**
 * School maps against a real database and the configured storage: who may
 * upload and switch maps, what is stored (encrypted, bound to school and
 * map), another school's map refused on serving and on marker save, a
 * disabled map refused for new markers but kept with old ones.
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { auditLog, categories, schoolMaps } from '@/db/schema';
import { listMapsForAdmin, moveMap, renameMap, setMapEnabled, uploadMap } from '@/lib/admin';
import { ELEVATE_FOR_ADMIN } from '@/lib/admin/guard';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import { printIncident } from '@/lib/incidents/print';
import { pdfText } from '../support/pdf';
import { getIncident } from '@/lib/incidents';
import { listSchoolMaps, readMapImage } from '@/lib/maps';
import { loadMapImage } from '@/lib/maps/image-store';
import { getStorage } from '@/lib/storage';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const PNG = new Uint8Array(readFileSync('tests/fixtures/maps/playground.png'));
const JPEG = new Uint8Array(readFileSync('tests/fixtures/maps/classroom.jpg'));
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const style = { source: 'preferred', order: 'first-last', hidden: false } as const;

let a: School;
let b: School;
let admin: UserCtx;
let adminUnelevated: UserCtx;
let teacher: UserCtx;
let bAdmin: UserCtx;
let pupil: string;
let safeguarding: string;

beforeAll(async () => {
  a = await makeSchool('maps-a');
  b = await makeSchool('maps-b');
  const adminId = await makeUser({
    email: 'dsl@maps.example.org',
    displayName: 'Dee Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const teacherId = await makeUser({
    email: 'teacher@maps.example.org',
    displayName: 'Tia Teacher',
    memberships: { [a.slug]: 'Teachers' },
  });
  const bAdminId = await makeUser({
    email: 'dsl@maps-b.example.org',
    displayName: 'Bo Lead',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  adminUnelevated = (await signedIn(a, adminId)).ctx;
  teacher = (await signedIn(a, teacherId)).ctx;
  bAdmin = (await signedIn(b, bAdminId, { elevated: true })).ctx;
  [pupil] = (await addPupils(a.id, [{ legalForename: 'Zoë', legalSurname: "O'Brien", tutorGroup: '7A' }])) as [string];
  safeguarding = (
    await inSchool(a.id, (tx) =>
      tx.select({ id: categories.id }).from(categories).where(eq(categories.name, 'Safeguarding')),
    )
  )[0]!.id;
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as Error,
  );

let n = 0;
const incidentWith = (ctx: UserCtx, markers: { mapId: string; x: number; y: number; note: string }[]) =>
  createIncident(ctx, {
    studentId: pupil,
    text: `Seen in the playground (${++n}).`,
    categoryIds: safeguarding,
    markers: JSON.stringify(markers),
    occurredAt: '2026-03-10T09:15',
    submissionKey: crypto.randomUUID(),
  });

describe('who may use Admin → Maps', () => {
  const surfaces: [string, (ctx: UserCtx) => Promise<unknown>][] = [
    ['list', (ctx) => listMapsForAdmin(ctx)],
    ['upload', (ctx) => uploadMap(ctx, { title: `Refused ${++n}`, image: PNG })],
    ['disable', (ctx) => setMapEnabled(ctx, { mapId: 'body-back', enabled: 'off' })],
    ['move', (ctx) => moveMap(ctx, { mapId: crypto.randomUUID(), direction: 'up' })],
    ['rename', (ctx) => renameMap(ctx, { mapId: crypto.randomUUID(), title: 'Renamed' })],
  ];
  for (const [role, ctxOf, expected] of [
    ['administrator without their key', () => adminUnelevated, ELEVATE_FOR_ADMIN],
    ['teacher', () => teacher, 'You do not have permission to do that.'],
  ] as const) {
    for (const [surface, call] of surfaces) {
      it(`${role}: ${surface} is refused and changes nothing`, async () => {
        const before = await inSchool(a.id, (tx) => tx.select().from(schoolMaps));
        const err = await refusal(call(ctxOf()));
        expect(err).toBeInstanceOf(NotAllowedError);
        expect(err!.message).toBe(expected);
        expect(await inSchool(a.id, (tx) => tx.select().from(schoolMaps))).toEqual(before);
        expect((await listSchoolMaps(admin)).find((m) => m.id === 'body-back')?.enabled).toBe(true);
      });
    }
  }
});

describe('uploading a map', () => {
  it('stores the picture encrypted, bound to its school and map, with an audit row', async () => {
    const { mapId } = await uploadMap(admin, { title: '  Playground ', image: PNG });
    const [row] = await inSchool(a.id, (tx) => tx.select().from(schoolMaps).where(eq(schoolMaps.id, mapId)));
    expect(row).toMatchObject({
      title: 'Playground',
      contentType: 'image/png',
      width: 400,
      height: 300,
      enabled: true,
    });
    const stored = await getStorage().get(row!.storageKey);
    expect(stored).not.toBeNull();
    expect(Buffer.from(stored!).includes(Buffer.from(PNG.subarray(16, 64)))).toBe(false);
    // Bound to its school and map: the same bytes and envelope read as another map, or for another school, do not decrypt.
    await expect(loadMapImage(b.id, mapId, row!)).rejects.toThrow(/could not be (decrypted|unwrapped)/);
    await expect(loadMapImage(a.id, crypto.randomUUID(), row!)).rejects.toThrow(/could not be (decrypted|unwrapped)/);
    const served = await readMapImage(teacher, mapId);
    expect(served.contentType).toBe('image/png');
    expect(Buffer.compare(served.bytes, Buffer.from(PNG))).toBe(0);
    const audit = await inSchool(a.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, mapId)));
    expect(audit.map((r) => [r.action, r.entityType, r.actorUserId])).toEqual([
      ['admin.map_added', 'map', admin.user.id],
    ]);
    expect((await listSchoolMaps(teacher)).map((m) => [m.title, m.enabled, m.image?.width ?? null])).toEqual([
      ['Body (front)', true, null],
      ['Body (back)', true, null],
      ['Playground', true, 400],
    ]);
  });

  it('refuses bad files and titles next to their fields, storing nothing', async () => {
    const before = await inSchool(a.id, (tx) => tx.select({ id: schoolMaps.id }).from(schoolMaps));
    const cases: [{ title: unknown; image: Uint8Array | null }, Record<string, RegExp>][] = [
      [{ title: 'Text', image: new TextEncoder().encode('not a picture at all') }, { image: /not a JPEG or PNG/ }],
      [{ title: 'Gif', image: new TextEncoder().encode('GIF89a...........') }, { image: /GIF/ }],
      [{ title: 'Cut', image: PNG.subarray(0, 500) }, { image: /damaged or incomplete/ }],
      [
        { title: '', image: null },
        { title: /Enter a title/, image: /Choose the image/ },
      ],
      [{ title: 'x'.repeat(81), image: JPEG }, { title: /at most 80/ }],
      [{ title: 'playground', image: JPEG }, { title: /Another map already has this title/ }],
      [{ title: 'Body (front)', image: JPEG }, { title: /Another map already has this title/ }],
    ];
    for (const [input, expected] of cases) {
      const err = await refusal(uploadMap(admin, input));
      expect(err, JSON.stringify(input.title)).toBeInstanceOf(UserError);
      const fields = (err as UserError).fieldErrors ?? {};
      expect(Object.keys(fields).sort()).toEqual(Object.keys(expected).sort());
      for (const [field, pattern] of Object.entries(expected)) expect(fields[field]!.join(' ')).toMatch(pattern);
    }
    expect(await inSchool(a.id, (tx) => tx.select({ id: schoolMaps.id }).from(schoolMaps))).toEqual(before);
  });
});

describe('another school’s map', () => {
  it('is not found when served, switched, or used for markers', async () => {
    const { mapId } = await uploadMap(bAdmin, { title: 'Northfield field', image: JPEG });
    expect(await refusal(readMapImage(teacher, mapId))).toBeInstanceOf(NotFoundError);
    expect(await refusal(readMapImage(teacher, 'body-front'))).toBeInstanceOf(NotFoundError);
    expect(await refusal(readMapImage(teacher, 'not-an-id'))).toBeInstanceOf(NotFoundError);
    expect(await refusal(setMapEnabled(admin, { mapId, enabled: 'off' }))).toBeInstanceOf(NotFoundError);
    const err = await refusal(incidentWith(teacher, [{ mapId, x: 0.5, y: 0.5, note: 'Here' }]));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(await refusal(incidentWith(teacher, [{ mapId: 'made-up', x: 0.5, y: 0.5, note: '' }]))).toBeInstanceOf(
      NotFoundError,
    );
    // Still B's, still enabled; A's list never shows it.
    expect((await listSchoolMaps(bAdmin)).find((m) => m.id === mapId)?.enabled).toBe(true);
    expect((await listSchoolMaps(admin)).some((m) => m.id === mapId)).toBe(false);
  });
});

describe('disabling a map', () => {
  it('refuses new markers on it, keeps it with the incidents that used it, and can be undone', async () => {
    const { mapId } = await uploadMap(admin, { title: 'Minibus', image: JPEG });
    const old = await incidentWith(teacher, [
      { mapId, x: 0.25, y: 0.75, note: 'Seat by the door' },
      { mapId: 'body-back', x: 0.5, y: 0.3, note: 'Back' },
    ]);
    await setMapEnabled(admin, { mapId, enabled: 'off' });
    await setMapEnabled(admin, { mapId: 'body-back', enabled: 'off' });
    await setMapEnabled(admin, { mapId: 'body-back', enabled: 'off' }); // already off: nothing more written

    for (const refusedMap of [mapId, 'body-back']) {
      const err = await refusal(incidentWith(teacher, [{ mapId: refusedMap, x: 0.1, y: 0.1, note: '' }]));
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).fieldErrors?.markers?.[0]).toMatch(/is no longer offered for new markers/);
    }
    const maps = await listSchoolMaps(teacher);
    expect(maps.filter((m) => !m.enabled).map((m) => m.title)).toEqual(['Body (back)', 'Minibus']);
    const incident = await getIncident(admin, old.incidentId, style);
    expect(incident.markers.map((m) => [m.mapId, m.x, m.y, m.note])).toEqual([
      [mapId, 0.25, 0.75, 'Seat by the door'],
      ['body-back', 0.5, 0.3, 'Back'],
    ]);
    expect((await readMapImage(teacher, mapId)).contentType).toBe('image/jpeg');
    // On paper too, each marker names its map, the disabled one included.
    const printed = pdfText((await printIncident(admin, old.incidentId, style)).pdf);
    expect(printed).toMatch(/1\. Minibus\s+Seat by the door/);
    expect(printed).toMatch(/2\. Body \(back\)\s+Back/);

    const audit = await inSchool(a.id, (tx) =>
      tx.select({ action: auditLog.action, details: auditLog.details }).from(auditLog),
    );
    expect(audit.filter((r) => r.action.includes('map_disabled')).map((r) => r.action)).toEqual([
      'admin.map_disabled',
      'admin.builtin_map_disabled',
    ]);

    await setMapEnabled(admin, { mapId, enabled: 'on' });
    await setMapEnabled(admin, { mapId: 'body-back', enabled: 'on' });
    await expect(incidentWith(teacher, [{ mapId, x: 0.1, y: 0.1, note: '' }])).resolves.toMatchObject({
      number: expect.any(Number),
    });
    await expect(incidentWith(teacher, [{ mapId: 'body-back', x: 0.1, y: 0.1, note: '' }])).resolves.toBeTruthy();
  });
});

describe('the order of the school’s maps', () => {
  it('moves an uploaded map up or down, after the body maps; another school’s map is not found', async () => {
    const ownTitles = async () => (await listSchoolMaps(teacher)).filter((m) => m.image).map((m) => m.title);
    const before = await ownTitles();
    const { mapId: hall } = await uploadMap(admin, { title: 'Hall', image: PNG });
    const { mapId: library } = await uploadMap(admin, { title: 'Library', image: JPEG });
    expect(await ownTitles()).toEqual([...before, 'Hall', 'Library']);
    await moveMap(admin, { mapId: library, direction: 'up' });
    expect(await ownTitles()).toEqual([...before, 'Library', 'Hall']);
    await moveMap(admin, { mapId: hall, direction: 'down' }); // already last: nothing changes
    expect(await ownTitles()).toEqual([...before, 'Library', 'Hall']);
    expect((await listSchoolMaps(teacher)).slice(0, 2).map((m) => m.id)).toEqual(['body-front', 'body-back']);
    const moved = await inSchool(a.id, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, library)),
    );
    expect(moved.map((r) => r.action)).toEqual(['admin.map_added', 'admin.map_moved']);

    const { mapId: theirs } = await uploadMap(bAdmin, { title: 'Their hall', image: PNG });
    expect(await refusal(moveMap(admin, { mapId: theirs, direction: 'up' }))).toBeInstanceOf(NotFoundError);
    expect(await refusal(moveMap(admin, { mapId: 'body-front', direction: 'down' }))).toBeInstanceOf(NotFoundError);
  });
});

describe('renaming a map', () => {
  it('shows the new title on past incidents, refuses a taken or empty title, and another school’s map is not found', async () => {
    const { mapId } = await uploadMap(admin, { title: 'Field', image: PNG });
    const old = await incidentWith(teacher, [{ mapId, x: 0.4, y: 0.6, note: 'By the goal' }]);
    await renameMap(admin, { mapId, title: '  Top field ' });
    expect((await listSchoolMaps(teacher)).find((m) => m.id === mapId)?.title).toBe('Top field');
    const printed = pdfText((await printIncident(admin, old.incidentId, style)).pdf);
    expect(printed).toMatch(/1\. Top field\s+By the goal/);
    const [audit] = await inSchool(a.id, (tx) =>
      tx.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, 'admin.map_renamed')),
    );
    expect(audit?.details).toMatchObject({ from: 'Field', to: 'Top field' });

    await uploadMap(admin, { title: 'Canteen', image: JPEG });
    for (const [title, message] of [
      ['canteen', /Another map already has this title/],
      ['Body (front)', /Another map already has this title/],
      ['   ', /Enter a title/],
      ['x'.repeat(81), /at most 80/],
    ] as const) {
      const err = await refusal(renameMap(admin, { mapId, title }));
      expect(err, title).toBeInstanceOf(Error);
      const messages = err instanceof UserError ? JSON.stringify(err.fieldErrors) : String(err);
      expect(messages).toMatch(message);
    }
    expect((await listSchoolMaps(teacher)).find((m) => m.id === mapId)?.title).toBe('Top field');

    const { mapId: theirs } = await uploadMap(bAdmin, { title: 'Their field', image: PNG });
    expect(await refusal(renameMap(admin, { mapId: theirs, title: 'Ours now' }))).toBeInstanceOf(NotFoundError);
    expect(await refusal(renameMap(admin, { mapId: 'body-front', title: 'Front' }))).toBeInstanceOf(NotFoundError);
    expect((await listSchoolMaps(bAdmin)).find((m) => m.id === theirs)?.title).toBe('Their field');
  });
});
