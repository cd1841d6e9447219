/**
 * An incident merged into another lives on inside it, and so do its files:
 * listed on the incident it joined (marked as from the merged incident, its
 * moved actions' files under those actions), opened through that incident's
 * file route under the same rule as its own files, linked from the vault to
 * where the incident now lives, and refused to whoever may not read it.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { categories, incidents, userGroups } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { NotFoundError } from '@/lib/errors';
import { addAction, getIncident, mergeIncident } from '@/lib/incidents';
import { createIncident } from '@/lib/incidents/create';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import type { School, UserCtx } from '@/lib/tenancy/context';
import {
  listVaultDocuments,
  openDocumentStream,
  pupilForDocuments,
  receivePendingAttachment,
  recordFileForDownload,
} from '@/lib/vault';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';

withTestDatabase({ HAVEN_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'haven-merged-files-')) });

const PDF = Buffer.from(`%PDF-1.7\n% merged minutes\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
const TXT = Buffer.from('Notes of the call with the social worker.\n');

let a: School;
let b: School;
let dsl: UserCtx;
let pastoral: UserCtx;
let dslB: UserCtx;
let ada: string;
let cat: Record<string, string>;

async function pending(ctx: UserCtx, name: string, bytes: Buffer): Promise<string> {
  const answer = await receivePendingAttachment(
    ctx,
    new Request('http://a.localhost/incidents/attachments', {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    }),
  );
  if (!answer.ok) throw new Error(answer.message);
  return answer.documentIds[0]!;
}

async function read(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts);
}

const numberOf = async (id: string) =>
  (await inSchool(a.id, (tx) => tx.select({ n: incidents.number }).from(incidents).where(eq(incidents.id, id))))[0]!.n;

beforeAll(async () => {
  a = await makeSchool('merged-files-a');
  b = await makeSchool('merged-files-b');
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: sql`${userGroups.permissions} || '["files"]'::jsonb` })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  const u = (email: string, memberships: Record<string, string>) =>
    makeUser({ email, displayName: email.split('@')[0]!, memberships, totpSecret: 'JBSWY3DPEHPK3PXP' });
  dsl = (await signedIn(a, await u('dsl@merged.test', { 'merged-files-a': 'DSL' }), { elevated: true })).ctx;
  pastoral = (await signedIn(a, await u('hoy@merged.test', { 'merged-files-a': 'Pastoral' }), { elevated: true })).ctx;
  dslB = (await signedIn(b, await u('dslb@merged.test', { 'merged-files-b': 'DSL' }), { elevated: true })).ctx;
  [ada = ''] = await addPupils(a.id, [{ legalForename: 'Ada', legalSurname: 'Merge' }]);
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});

describe('files of a merged incident', () => {
  it('are listed on the incident it joined, open through its route, and are refused to whoever may not read it', async () => {
    const minutes = await pending(dsl, 'Strategy minutes.pdf', PDF);
    const merged = await createIncident(dsl, {
      studentId: ada,
      text: 'Ada said at break that she is afraid to go home.',
      categoryIds: cat['Behaviour']!,
      attachmentIds: minutes,
    });
    const callNotes = await pending(dsl, 'Call notes.txt', TXT);
    await addAction(dsl, { incidentId: merged.incidentId, text: 'Called social care.', attachmentIds: callNotes });
    const own = await pending(dsl, 'Referral.pdf', PDF);
    const into = await createIncident(dsl, {
      studentId: ada,
      text: 'Referral to children’s social care.',
      categoryIds: cat['Child Protection']!,
      attachmentIds: own,
    });
    const other = await createIncident(dsl, { studentId: ada, text: 'Late again.', categoryIds: cat['Behaviour']! });
    // Before the merge, Pastoral may read the Behaviour incident and its file.
    expect(await recordFileForDownload(pastoral, merged.incidentId, minutes)).toMatchObject({ id: minutes });
    const mergedNumber = await numberOf(merged.incidentId);
    const intoNumber = await numberOf(into.incidentId);
    await mergeIncident(dsl, { incidentId: merged.incidentId, intoNumber: String(intoNumber) });

    const view = await getIncident(dsl, into.incidentId, DEFAULT_NAME_STYLE);
    expect(view.files.map((f) => [f.name, f.mergedFromNumber])).toEqual([
      ['Strategy minutes.pdf', mergedNumber],
      ['Referral.pdf', null],
    ]);
    const moved = view.actions.find((x) => x.text === 'Called social care.');
    expect(moved?.files.map((f) => [f.name, f.mergedFromNumber])).toEqual([['Call notes.txt', mergedNumber]]);

    for (const [id, bytes] of [
      [minutes, PDF],
      [callNotes, TXT],
      [own, PDF],
    ] as const) {
      const doc = await recordFileForDownload(dsl, into.incidentId, id);
      expect(await read((await openDocumentStream(a.id, doc))!)).toEqual(bytes);
    }

    // The vault links the file to where its incident now lives.
    const subject = await accessSubjectOf(dsl);
    const list = await dsl.run(async (tx) =>
      listVaultDocuments(tx, dsl, subject, await pupilForDocuments(tx, dsl, subject, ada, 'student.documents')),
    );
    expect(list.documents.find((d) => d.id === minutes)?.record).toEqual({
      incidentId: into.incidentId,
      number: intoNumber,
      actionId: null,
      mergedFromNumber: mergedNumber,
    });

    // Now inside a Child Protection incident: Pastoral, another school and another incident's route get nothing.
    for (const [who, incidentId, documentId] of [
      [pastoral, into.incidentId, minutes],
      [pastoral, merged.incidentId, minutes],
      [pastoral, into.incidentId, callNotes],
      [dslB, into.incidentId, minutes],
      [dsl, other.incidentId, minutes],
    ] as const) {
      await expect(recordFileForDownload(who, incidentId, documentId)).rejects.toBeInstanceOf(NotFoundError);
    }
    expect((await getIncident(dsl, other.incidentId, DEFAULT_NAME_STYLE)).files).toEqual([]);
  });
});
