/**
 * The map routes as a browser meets them (only the request is faked: host,
 * Origin, session cookie): the upload refuses another site, someone without
 * administration or the key, an oversized or disguised file and unknown
 * fields, storing nothing; the picture is served to the school's signed-in
 * staff with its type, `private` and `nosniff`, and another school's id is
 * the 404 like a missing one. The disable and move buttons refuse another school's map
 * with the 404 page.
 */
import { readFileSync } from 'node:fs';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { inSchool } from '@/db/scoped';
import { schoolMaps } from '@/db/schema';
import { uploadMap } from '@/lib/admin';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import type { School } from '@/lib/tenancy/context';

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
  }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const upload = await import('@/app/(school)/(signed-in)/admin/maps/upload/route');
const image = await import('@/app/(school)/(signed-in)/maps/[mapId]/image/route');
const { moveMapAction, setMapEnabledAction } = await import('@/app/(school)/(signed-in)/admin/maps/actions');

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

const PNG = readFileSync('tests/fixtures/maps/playground.png');
let a: School;
let b: School;
const token = { admin: '', adminUnelevated: '', teacher: '', bAdmin: '' };
let bMap = '';

function from(school: School, who: keyof typeof token | null, origin?: string) {
  const host = `${school.slug}.${ROOT}`;
  request.headers = new Headers({ host, origin: origin ?? `https://${host}` });
  request.cookies = new Map(who ? [[SESSION_COOKIE, token[who]]] : []);
}

function uploadRequest(school: School, fields: Record<string, string | Blob>): NextRequest {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return new NextRequest(`https://${school.slug}.${ROOT}/admin/maps/upload`, {
    method: 'POST',
    body,
    headers: { accept: 'application/json', origin: request.headers.get('origin') ?? '' },
  });
}

const mapCount = async () => (await inSchool(a.id, (tx) => tx.select({ id: schoolMaps.id }).from(schoolMaps))).length;

beforeAll(async () => {
  a = await makeSchool('map-routes-a');
  b = await makeSchool('map-routes-b');
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const adminId = await makeUser({
    email: 'dsl@mr.example.org',
    displayName: 'Dee',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: secret,
  });
  const teacherId = await makeUser({
    email: 'teacher@mr.example.org',
    displayName: 'Tia',
    memberships: { [a.slug]: 'Teachers' },
  });
  const bId = await makeUser({
    email: 'dsl@mr-b.example.org',
    displayName: 'Bo',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: secret,
  });
  token.admin = (await signedIn(a, adminId, { elevated: true })).token;
  token.adminUnelevated = (await signedIn(a, adminId)).token;
  token.teacher = (await signedIn(a, teacherId)).token;
  const bSession = await signedIn(b, bId, { elevated: true });
  token.bAdmin = bSession.token;
  bMap = (await uploadMap(bSession.ctx, { title: 'Other school', image: new Uint8Array(PNG) })).mapId;
});

const png = () => new File([PNG], 'playground.png', { type: 'image/png' });

describe('POST /admin/maps/upload', () => {
  it('refuses another site, the signed-out, a teacher and an administrator without the key, storing nothing', async () => {
    const cases: [keyof typeof token | null, string | undefined, number, RegExp][] = [
      ['admin', 'https://evil.example', 403, /another site/],
      [null, undefined, 401, /Sign in/],
      ['teacher', undefined, 403, /permission/],
      ['adminUnelevated', undefined, 403, /Elevate/],
    ];
    for (const [who, origin, status, text] of cases) {
      from(a, who, origin);
      const res = await upload.POST(uploadRequest(a, { title: 'Field', image: png() }));
      expect(res.status, `${who} ${origin}`).toBe(status);
      expect(await res.text()).toMatch(text);
    }
    expect(await mapCount()).toBe(0);
  });

  it('answers a disguised, oversized or unexpected upload with the reason by its field', async () => {
    from(a, 'admin');
    const text = new File(['just words'], 'map.png', { type: 'image/png' });
    let res = await upload.POST(uploadRequest(a, { title: 'Field', image: text }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ fieldErrors: { image: [expect.stringMatching(/not a JPEG or PNG/)] } });

    const big = new File([Buffer.concat([PNG, Buffer.alloc(2.2 * 1024 * 1024)])], 'big.png', { type: 'image/png' });
    res = await upload.POST(uploadRequest(a, { title: 'Field', image: big }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ fieldErrors: { image: [expect.stringMatching(/larger than 2 MB/)] } });

    res = await upload.POST(uploadRequest(a, { title: 'Field', image: png(), enabled: 'off' }));
    expect(res.status).toBe(400);
    expect(await mapCount()).toBe(0);
  });

  it('stores a good map once per submission, and serves it only to the school’s signed-in staff', async () => {
    from(a, 'admin');
    const res = await upload.POST(uploadRequest(a, { title: 'Field', image: png() }));
    expect(res.status).toBe(200);
    const { mapId } = (await res.json()) as { mapId: string };
    expect(await mapCount()).toBe(1);

    from(a, 'teacher');
    const served = await image.GET(new Request('https://x/'), { params: Promise.resolve({ mapId }) });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toMatch(/^private\b/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    const other = await image.GET(new Request('https://x/'), { params: Promise.resolve({ mapId: bMap }) });
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('That map could not be found.');

    from(a, null);
    await expect(image.GET(new Request('https://x/'), { params: Promise.resolve({ mapId }) })).rejects.toMatchObject({
      digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/login/),
    });
  });

  it('a doubled upload (two clicks at once) stores one map; the other is told the title is taken', async () => {
    from(a, 'admin');
    const before = await mapCount();
    const answers = await Promise.all([
      upload.POST(uploadRequest(a, { title: 'Minibus', image: png() })),
      upload.POST(uploadRequest(a, { title: 'minibus', image: png() })),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
    const refused = await answers.find((r) => r.status === 400)!.json();
    expect(refused).toMatchObject({ fieldErrors: { title: [expect.stringMatching(/already has this title/)] } });
    expect(await mapCount()).toBe(before + 1);
  });

  it('the disable and move buttons answer another school’s map with the 404 page', async () => {
    from(a, 'admin');
    const fd = new FormData();
    fd.set('mapId', bMap);
    fd.set('enabled', 'off');
    await expect(setMapEnabledAction(fd)).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' });
    const move = new FormData();
    move.set('mapId', bMap);
    move.set('direction', 'up');
    await expect(moveMapAction(move)).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' });
  });
});
