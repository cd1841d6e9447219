import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { brokenPng, JPEG, png } from '../support/images';
import { inSchool } from '@/db/scoped';
import { auditLog, schoolFiles } from '@/db/schema';
import { logoUploadRequest, removeSchoolLogo, replaceSchoolLogo } from '@/lib/admin';
import { loadSchoolLogo, LOGO_MAX_BYTES, schoolLogoId } from '@/lib/files';
import { getStorage } from '@/lib/storage';
import { makeCtx } from '@/lib/tenancy/make-ctx';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

let a: School;
let b: School;
let admin: UserCtx;
let bAdmin: UserCtx;
let unelevated: UserCtx;
let teacher: UserCtx;
beforeAll(async () => {
  a = await makeSchool('logo-a', 'Logo Academy');
  b = await makeSchool('logo-b', 'Other School');
  const adminId = await makeUser({
    email: 'admin@logo.test',
    displayName: 'Ada Admin',
    memberships: { 'logo-a': 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  const bAdminId = await makeUser({
    email: 'admin@other.test',
    displayName: 'Bo',
    memberships: { 'logo-b': 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  const teacherId = await makeUser({
    email: 'teach@logo.test',
    displayName: 'Tess Teach',
    memberships: { 'logo-a': 'Teachers' },
  });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  bAdmin = (await signedIn(b, bAdminId, { elevated: true })).ctx;
  unelevated = (await signedIn(a, adminId)).ctx;
  teacher = (await signedIn(a, teacherId)).ctx;
});

const rows = (school: School) =>
  inSchool(school.id, (tx) =>
    tx
      .select({ id: schoolFiles.id, removedAt: schoolFiles.removedAt, storageKey: schoolFiles.storageKey })
      .from(schoolFiles)
      .where(eq(schoolFiles.schoolId, school.id)),
  );
const audits = (school: School, action: 'admin.logo_changed' | 'admin.logo_removed') =>
  inSchool(school.id, (tx) =>
    tx
      .select({ details: auditLog.details, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, school.id), eq(auditLog.action, action))),
  );
const anonymous = (school: School) => makeCtx(school, null, { ip: null, userAgent: null });

/** A multipart upload as the browser sends it. */
function upload(parts: [string, Blob | string, string?][], headers: Record<string, string> = {}): Request {
  const form = new FormData();
  for (const [name, value, filename] of parts) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, filename);
  }
  const probe = new Request('https://logo-a.haven.test/admin/settings/logo', { method: 'POST', body: form });
  return new Request(probe, { headers: { ...Object.fromEntries(probe.headers), ...headers } });
}
const withLength = async (r: Request) => {
  const body = await r.arrayBuffer();
  return new Request(r.url, {
    method: 'POST',
    body,
    headers: { 'content-type': r.headers.get('content-type')!, 'content-length': String(body.byteLength) },
  });
};
const blob = (bytes: Uint8Array, type = 'image/png') => new Blob([bytes as Uint8Array<ArrayBuffer>], { type });

describe('the school logo', () => {
  it('an administrator uploads one: stored encrypted, read back for this school only, audited', async () => {
    const logo = png(240, 80);
    const { id } = await replaceSchoolLogo(admin, logo);
    expect(await schoolLogoId(admin)).toBe(id);
    // The sign-in page has nobody signed in: the logo is the host's school's, for anyone.
    expect(await loadSchoolLogo(anonymous(a))).toEqual({ id, contentType: 'image/png', bytes: Buffer.from(logo) });
    expect(await loadSchoolLogo(anonymous(b))).toBeNull();
    const [row] = await rows(a);
    const stored = await getStorage().get(row!.storageKey);
    expect(stored!.length).toBeGreaterThan(0);
    expect(Buffer.from(stored!).includes(Buffer.from(logo.subarray(0, 40)))).toBe(false);
    expect(await audits(a, 'admin.logo_changed')).toEqual([
      {
        actor: admin.user.id,
        details: { fileId: id, replaced: null, contentType: 'image/png', bytes: logo.length },
      },
    ]);
  });

  it('replacing it retires the old row and blob; removing it leaves none, audited each time', async () => {
    const old = (await schoolLogoId(admin))!;
    const oldKey = (await rows(a)).find((r) => r.id === old)!.storageKey;
    const { id } = await replaceSchoolLogo(admin, JPEG);
    expect((await loadSchoolLogo(admin))?.contentType).toBe('image/jpeg');
    expect(await getStorage().get(oldKey)).toBeNull();
    const all = await rows(a);
    expect(all.filter((r) => r.removedAt === null).map((r) => r.id)).toEqual([id]);
    expect((await audits(a, 'admin.logo_changed')).at(-1)!.details).toMatchObject({ replaced: old });

    await removeSchoolLogo(admin);
    expect(await schoolLogoId(admin)).toBeNull();
    expect(await loadSchoolLogo(anonymous(a))).toBeNull();
    expect(await audits(a, 'admin.logo_removed')).toEqual([{ actor: admin.user.id, details: { fileId: id } }]);
    await expect(removeSchoolLogo(admin)).rejects.toThrow('The school has no logo to remove.');
    expect(await audits(a, 'admin.logo_removed')).toHaveLength(1);
  });

  it('refuses without the key, to a teacher, and from another school, changing nothing', async () => {
    await replaceSchoolLogo(admin, png(20, 20));
    const before = await rows(a);
    await expect(replaceSchoolLogo(unelevated, png(20, 20))).rejects.toThrow(
      'Elevate your access to use administration.',
    );
    await expect(removeSchoolLogo(unelevated)).rejects.toThrow('Elevate your access');
    await expect(replaceSchoolLogo(teacher, png(20, 20))).rejects.toThrow(/permission/i);
    await expect(removeSchoolLogo(teacher)).rejects.toThrow(/permission/i);
    await expect(logoUploadRequest(teacher, upload([['logo', blob(png(5, 5)), 'x.png']]))).rejects.toThrow(
      /permission/i,
    );
    // School B's administrator removing "their" logo touches only B's (none).
    await expect(removeSchoolLogo(bAdmin)).rejects.toThrow('no logo');
    expect(await rows(a)).toEqual(before);
    expect(await rows(b)).toEqual([]);
  });

  it('refuses hostile files with a message and keeps the logo it had', async () => {
    const kept = await schoolLogoId(admin);
    const refused = async (bytes: Uint8Array, message: string | RegExp) => {
      const answer = await logoUploadRequest(admin, await withLength(upload([['logo', blob(bytes), 'logo.png']])));
      expect(answer).toMatchObject({ ok: false, status: expect.any(Number) });
      expect(answer.message).toMatch(message);
    };
    await refused(new TextEncoder().encode('<html><script>alert(1)</script></html>'), 'not a PNG or JPEG');
    await refused(new Uint8Array(0), 'That file is empty');
    await refused(brokenPng(40, 40), 'damaged or incomplete');
    const oversize = new Uint8Array(LOGO_MAX_BYTES + 1);
    oversize.set(png(10, 10));
    await refused(oversize, '512 KB or smaller');
    expect(await schoolLogoId(admin)).toBe(kept);
    expect((await rows(a)).filter((r) => r.removedAt === null)).toHaveLength(1);
  });

  it('the upload route’s reading: size capped as declared and as counted, one file in the one field', async () => {
    const good = blob(png(30, 10));
    // A declared length far over the limit: refused before the body is read.
    expect(
      await logoUploadRequest(admin, upload([['logo', good, 'a.png']], { 'content-length': String(10_000_000) })),
    ).toMatchObject({ ok: false, status: 413 });
    // No declared length (a chunked body): counted as it arrives, refused once it passes the limit.
    const huge = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 64; i++) controller.enqueue(new Uint8Array(64 * 1024));
        controller.close();
      },
    });
    const chunked = new Request('https://logo-a.haven.test/admin/settings/logo', {
      method: 'POST',
      body: huge,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      duplex: 'half',
    } as RequestInit);
    expect(await logoUploadRequest(admin, chunked)).toMatchObject({ ok: false, status: 413 });
    const before = await schoolLogoId(admin);
    expect(
      await logoUploadRequest(admin, upload([['text', 'not multipart']], { 'content-type': 'text/plain' })),
    ).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await schoolLogoId(admin)).toBe(before);
    for (const parts of [
      [['logo', 'just text']],
      [['file', good, 'a.png']],
      [
        ['logo', good, 'a.png'],
        ['logo', good, 'b.png'],
      ],
      [
        ['logo', good, 'a.png'],
        ['schoolId', b.id],
      ],
    ] as [string, Blob | string, string?][][]) {
      expect(await logoUploadRequest(admin, await withLength(upload(parts)))).toMatchObject({ ok: false, status: 400 });
    }
    const answer = await logoUploadRequest(admin, await withLength(upload([['logo', good, 'a.png']])));
    expect(answer).toMatchObject({ ok: true, status: 200 });
    expect((await loadSchoolLogo(admin))?.bytes.length).toBe((await good.arrayBuffer()).byteLength);
  });

  it('two uploads at once leave exactly one live logo', async () => {
    await Promise.all([replaceSchoolLogo(admin, png(11, 11)), replaceSchoolLogo(admin, png(12, 12))]);
    expect((await rows(a)).filter((r) => r.removedAt === null)).toHaveLength(1);
  });
});
