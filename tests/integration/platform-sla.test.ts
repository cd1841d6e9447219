/**
 * The deployment's service-level agreement (lib/platform/sla.ts): uploaded by
 * an operator from the console (a PDF by its content, at most 10 MB, stored
 * encrypted through lib/storage), downloaded by every school's
 * administrators with their key from Admin → Overview and by nobody else;
 * and Admin → Overview's counts of users and key holders.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { privileged } from '@/db/privileged';
import { platformDocuments, platformOperators } from '@/db/schema';
import { schoolPeopleCounts } from '@/lib/admin';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import {
  CONSOLE_SESSION_COOKIE,
  SLA_MAX_BYTES,
  SLA_NOT_PDF,
  SLA_TOO_BIG,
  currentSla,
  readSla,
  uploadSla,
  type ConsoleOperator,
} from '@/lib/platform';
import { getStorage } from '@/lib/storage';
import type { School } from '@/lib/tenancy/context';

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
  }),
}));

const { GET: downloadSla } = await import('@/app/(school)/(signed-in)/admin/sla/route');
const { POST: postSla } = await import('@/app/(root)/console/sla-upload/route');

const ROOT = 'haven.test';
withTestDatabase({ APP_ROOT_DOMAIN: ROOT });

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const meta = { ip: null, userAgent: 'vitest' };
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nSECRET-TERMS-OF-SERVICE\n%%EOF\n');
let a: School;
let adminId: string;
let operator: ConsoleOperator;
const token: Record<'admin' | 'adminNoKey' | 'teacher', string> = { admin: '', adminNoKey: '', teacher: '' };

function from(cookies: Record<string, string>, slug?: string) {
  const host = slug ? `${slug}.${ROOT}` : ROOT;
  request.headers = new Headers({ host, origin: `https://${host}` });
  request.cookies = new Map(Object.entries(cookies));
}

beforeAll(async () => {
  a = await makeSchool('sla-a', 'Sycamore School');
  adminId = await makeUser({
    email: 'dsl@syc.example.org',
    displayName: 'Sam Syc',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  token.admin = (await signedIn(a, adminId, { elevated: true })).token;
  token.adminNoKey = (await signedIn(a, adminId)).token;
  const teacherId = await makeUser({
    email: 't@syc.example.org',
    displayName: 'Ted',
    memberships: { [a.slug]: 'Teachers' },
  });
  token.teacher = (await signedIn(a, teacherId)).token;
  await makeUser({ email: 'p@syc.example.org', displayName: 'Pat', memberships: { [a.slug]: 'Pastoral' } });
  const opId = await makeUser({ email: 'ops@example.org', displayName: 'Olu Ops', memberships: {} });
  await privileged('platform-console', 'test', (tx) => tx.insert(platformOperators).values({ userId: opId }));
  operator = {
    sessionId: opId,
    userId: opId,
    email: 'ops@example.org',
    displayName: 'Olu Ops',
    elevated: true,
    keyCount: 1,
  };
});

describe('uploading the agreement', () => {
  it('refuses what is not a PDF by its content, an empty file and one over the limit, storing nothing', async () => {
    const blobsBefore = (await getStorage().list('platform/')).length;
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>%%EOF');
    await expect(uploadSla(operator, { name: 'sla.pdf', bytes: html }, meta)).rejects.toThrow(SLA_NOT_PDF);
    await expect(uploadSla(operator, { name: 'sla.pdf', bytes: null }, meta)).rejects.toThrow(
      'Choose the PDF to upload.',
    );
    const big = new Uint8Array(SLA_MAX_BYTES + 1);
    big.set(PDF);
    await expect(uploadSla(operator, { name: 'sla.pdf', bytes: big }, meta)).rejects.toThrow(SLA_TOO_BIG);
    expect(await currentSla()).toBeNull();
    expect(await getStorage().list('platform/')).toHaveLength(blobsBefore);
  });

  it('stores a PDF encrypted; a second upload replaces the first', async () => {
    await uploadSla(operator, { name: 'C:\\docs\\old terms.pdf', bytes: PDF }, meta);
    await uploadSla(operator, { name: '../Haven SLA 2026.pdf', bytes: PDF }, meta);
    const live = await currentSla();
    expect(live).toMatchObject({ name: 'Haven SLA 2026.pdf', byteSize: PDF.length });
    const rows = await privileged('platform-console', 'test', (tx) => tx.select().from(platformDocuments));
    expect(rows.filter((r) => r.replacedAt === null)).toHaveLength(1);
    const blob = await getStorage().get(`platform/sla/${live!.id}`);
    expect(Buffer.from(blob!).toString('latin1')).not.toContain('SECRET-TERMS');
    expect(Buffer.from((await readSla())!.bytes)).toEqual(Buffer.from(PDF));
  });

  it('the console’s upload route refuses anyone without an operator’s key in use, and any school host', async () => {
    const body = () => {
      const fd = new FormData();
      fd.set('file', new File([PDF], 'x.pdf', { type: 'application/pdf' }));
      return fd;
    };
    from({});
    expect(
      (await postSla(new Request(`https://${ROOT}/console/sla-upload`, { method: 'POST', body: body() }) as never))
        .status,
    ).toBe(401);
    from({ [SESSION_COOKIE]: token.admin, [CONSOLE_SESSION_COOKIE]: token.admin });
    expect(
      (await postSla(new Request(`https://${ROOT}/console/sla-upload`, { method: 'POST', body: body() }) as never))
        .status,
    ).toBe(401);
    from({}, a.slug);
    expect(
      (
        await postSla(
          new Request(`https://${a.slug}.${ROOT}/console/sla-upload`, { method: 'POST', body: body() }) as never,
        )
      ).status,
    ).toBe(404);
  });
});

describe('Admin → Overview', () => {
  it('offers the agreement to administrators with their key only', async () => {
    from({ [SESSION_COOKIE]: token.admin }, a.slug);
    const ok = await downloadSla();
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(ok.headers.get('content-disposition')).toBe('attachment; filename="Haven SLA 2026.pdf"');
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(Buffer.from(PDF));
    for (const who of [token.adminNoKey, token.teacher]) {
      from({ [SESSION_COOKIE]: who }, a.slug);
      expect((await downloadSla()).status).toBe(403);
    }
    from({}, a.slug);
    expect((await downloadSla()).status).toBe(401);
  });

  it('counts users, key holders and key holders with a key; only for administrators with their key', async () => {
    const admin = (await signedIn(a, adminId, { elevated: true })).ctx;
    expect(await schoolPeopleCounts(admin)).toEqual({ users: 3, keyHolders: 2, keyHoldersWithKey: 1 });
    await expect(schoolPeopleCounts((await signedIn(a, adminId)).ctx)).rejects.toThrow('Elevate your access');
  });
});
