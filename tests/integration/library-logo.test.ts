/**
 * The library as the source of the school logo: an administrator picks a
 * PNG or JPEG library file and it becomes the logo through the same checks
 * and storage as an upload; a PDF, a picture the logo rules refuse, another
 * school's file, a deleted one, a teacher and an administrator without the
 * key are refused and the logo stays as it was.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { auditLog } from '@/db/schema';
import { libraryLogoChoices, logoFromLibrary } from '@/lib/admin';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { loadSchoolLogo, schoolLogoId } from '@/lib/files';
import { deleteLibraryFile, receiveLibraryUpload } from '@/lib/library';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { brokenPng, JPEG, png } from '../support/images';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haven-library-logo-'));
withTestDatabase({ HAVEN_DATA_DIR: dataDir });

let a: School;
let b: School;
let admin: UserCtx;
let unelevated: UserCtx;
let teacher: UserCtx;
let adminB: UserCtx;

async function add(ctx: UserCtx, name: string, bytes: Uint8Array): Promise<string> {
  const answer = await receiveLibraryUpload(
    ctx,
    new Request('http://a.localhost/library/upload', {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    }),
  );
  if (!answer.ok) throw new Error(answer.message);
  return answer.documentIds[0]!;
}

const changes = () =>
  inSchool(a.id, (tx) =>
    tx
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, a.id), eq(auditLog.action, 'admin.logo_changed'))),
  );

beforeAll(async () => {
  a = await makeSchool('library-logo-a');
  b = await makeSchool('library-logo-b');
  const u = (email: string, memberships: Record<string, string>) =>
    makeUser({ email, displayName: email.split('@')[0]!, memberships, totpSecret: 'JBSWY3DPEHPK3PXP' });
  const adminId = await u('admin@library-logo.test', { 'library-logo-a': 'DSL' });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  unelevated = (await signedIn(a, adminId)).ctx;
  teacher = (await signedIn(a, await u('t@library-logo.test', { 'library-logo-a': 'Teachers' }))).ctx;
  adminB = (await signedIn(b, await u('b@library-logo.test', { 'library-logo-b': 'DSL' }), { elevated: true })).ctx;
});

describe('the logo from the library', () => {
  it('offers the library’s PNG and JPEG files only, and makes the chosen one the logo, audited with its source', async () => {
    const crest = await add(admin, 'Crest.png', png(120, 60));
    const photo = await add(admin, 'Photo.jpg', JPEG);
    await add(admin, 'Policy.pdf', new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));
    expect((await libraryLogoChoices(admin)).map((i) => i.name)).toEqual(['Crest.png', 'Photo.jpg']);
    await expect(libraryLogoChoices(teacher)).rejects.toBeInstanceOf(NotAllowedError);

    await logoFromLibrary(admin, { libraryDocumentId: crest });
    const logo = await loadSchoolLogo(admin);
    expect(logo?.contentType).toBe('image/png');
    expect(Buffer.from(logo!.bytes)).toEqual(Buffer.from(png(120, 60)));
    expect((await changes()).at(-1)?.details).toMatchObject({ libraryDocumentId: crest, contentType: 'image/png' });

    await logoFromLibrary(admin, { libraryDocumentId: photo });
    expect((await loadSchoolLogo(admin))?.contentType).toBe('image/jpeg');
  });

  it('refuses a PDF, a picture the logo rules refuse, another school’s or a deleted file, a teacher and no key', async () => {
    const before = await schoolLogoId(admin);
    const count = (await changes()).length;
    // The PDF is not offered …
    expect((await libraryLogoChoices(admin)).map((i) => i.name)).toEqual(['Crest.png', 'Photo.jpg']);
    const policy = await add(admin, 'Another policy.pdf', new TextEncoder().encode('%PDF-1.7\ntrailer <<>>\n%%EOF\n'));
    // … nor taken when its id is sent anyway.
    await expect(logoFromLibrary(admin, { libraryDocumentId: policy })).rejects.toThrow(
      'Only a PNG or JPEG file can be the logo.',
    );
    const huge = await add(admin, 'Huge.png', png(5000, 10));
    await expect(logoFromLibrary(admin, { libraryDocumentId: huge })).rejects.toThrow(
      'The logo must be at most 4000 pixels wide and high.',
    );
    // The library takes it (its check is of the type, by the first bytes); the logo's check reads the picture.
    const broken = await add(admin, 'Broken.png', brokenPng(50, 50));
    await expect(logoFromLibrary(admin, { libraryDocumentId: broken })).rejects.toBeInstanceOf(UserError);

    const otherSchools = await add(adminB, 'Their crest.png', png(40, 40));
    await expect(logoFromLibrary(admin, { libraryDocumentId: otherSchools })).rejects.toBeInstanceOf(NotFoundError);
    const gone = await add(admin, 'Old crest.png', png(30, 30));
    await deleteLibraryFile(admin, { documentId: gone, reason: 'Old' });
    await expect(logoFromLibrary(admin, { libraryDocumentId: gone })).rejects.toBeInstanceOf(NotFoundError);
    await expect(logoFromLibrary(admin, { libraryDocumentId: 'nope' })).rejects.toBeInstanceOf(NotFoundError);

    const crest = (await libraryLogoChoices(admin)).find((i) => i.name === 'Crest.png')!.id;
    await expect(logoFromLibrary(teacher, { libraryDocumentId: crest })).rejects.toBeInstanceOf(NotAllowedError);
    await expect(logoFromLibrary(unelevated, { libraryDocumentId: crest })).rejects.toBeInstanceOf(NotAllowedError);

    expect(await schoolLogoId(admin)).toBe(before);
    expect(await changes()).toHaveLength(count);
  });
});
