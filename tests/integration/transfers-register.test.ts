/**
 * The transfer register against a real database: a school's sent and
 * received transfers, each step's date and who took it (this school's staff
 * by name, the other school's as its name), as the page, a PDF and Excel.
 * Another school's transfer never appears (the table's row-level policy and
 * the query both); a colleague who is not an administrator, or an
 * administrator without their key, is refused.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { pdfText } from '../support/pdf';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { transfers } from '@/db/schema';
import { NotAllowedError } from '@/lib/errors';
import { transferRegister, transferRegisterPdf, transferRegisterXlsx } from '@/lib/transfers';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SHOWN = { source: 'legal', order: 'first-last', hidden: false } as const;
let a: School;
let b: School;
let c: School;
let admin: UserCtx;
let adminNoKey: UserCtx;
let slt: UserCtx;
let adminB: UserCtx;
let adminC: UserCtx;
let sentId: string;
let receivedId: string;

const at = (s: string) => new Date(`${s}T10:00:00Z`);

beforeAll(async () => {
  a = await makeSchool('register-a', 'Ashdown Primary');
  b = await makeSchool('register-b', 'Brookfield Academy');
  c = await makeSchool('register-c', 'Carlton High');
  const user = (school: School, who: string, name: string, group: string) =>
    makeUser({
      email: `${who}@register.example.org`,
      displayName: name,
      memberships: { [school.slug]: group },
      totpSecret: 'JBSWY3DPEHPK3PXP',
    });
  const adminId = await user(a, 'admin', 'Imran Shah', 'DSL');
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  adminNoKey = (await signedIn(a, adminId)).ctx;
  slt = (await signedIn(a, await user(a, 'slt', 'Sam Lee', 'SLT'), { elevated: true })).ctx;
  adminB = (await signedIn(b, await user(b, 'admin-b', 'Bea Brook', 'DSL'), { elevated: true })).ctx;
  adminC = (await signedIn(c, await user(c, 'admin-c', 'Cal Carl', 'DSL'), { elevated: true })).ctx;
  const [leaver = '', joiner = ''] = await addPupils(a.id, [
    { legalForename: 'Łukasz', legalSurname: 'Żółć' },
    { legalForename: 'Thảo', legalSurname: 'Nguyễn' },
  ]);
  const [bJoiner = '', bLeaver = '', bOther = ''] = await addPupils(b.id, [
    { legalForename: 'Lukasz', legalSurname: 'Zolc' },
    { legalForename: 'Thao', legalSurname: 'Nguyen' },
    { legalForename: 'Secret', legalSurname: 'Mover' },
  ]);
  const [cJoiner = ''] = await addPupils(c.id, [{ legalForename: 'Secret', legalSurname: 'Mover' }]);
  sentId = randomUUID();
  receivedId = randomUUID();
  // Written as each school would: the policy lets either side of a transfer write it.
  await inSchool(a.id, (tx) =>
    tx.insert(transfers).values({
      id: sentId,
      fromSchoolId: a.id,
      fromStudentId: leaver,
      toSchoolId: b.id,
      toStudentId: bJoiner,
      status: 'transferred',
      detectedAt: at('2026-04-01'),
      requestedAt: at('2026-04-02'),
      requestedBy: adminB.user.id,
      authorisedAt: at('2026-04-03'),
      authorisedBy: admin.user.id,
      transferredAt: at('2026-04-03'),
      confirmedAt: at('2026-04-06'),
      confirmedBy: adminB.user.id,
      leavingDate: '2026-03-31',
      dueOn: '2026-04-08',
    }),
  );
  await inSchool(b.id, (tx) =>
    tx.insert(transfers).values({
      id: receivedId,
      fromSchoolId: b.id,
      fromStudentId: bLeaver,
      toSchoolId: a.id,
      toStudentId: joiner,
      status: 'requested',
      detectedAt: at('2026-05-01'),
      requestedAt: at('2026-05-02'),
      requestedBy: admin.user.id,
      leavingDate: '2026-04-30',
      dueOn: '2026-05-08',
    }),
  );
  await inSchool(b.id, (tx) =>
    tx.insert(transfers).values({
      id: randomUUID(),
      fromSchoolId: b.id,
      fromStudentId: bOther,
      toSchoolId: c.id,
      toStudentId: cJoiner,
      status: 'detected',
      detectedAt: at('2026-05-10'),
      leavingDate: '2026-05-09',
      dueOn: '2026-05-16',
    }),
  );
});

describe('the transfer register', () => {
  it('lists sent and received, newest first, naming this school’s staff and the other school', async () => {
    const rows = await transferRegister(admin, SHOWN);
    expect(rows.map((r) => r.id)).toEqual([receivedId, sentId]);
    expect(rows[0]).toMatchObject({
      direction: 'received',
      pupil: 'Thảo Nguyễn',
      otherSchool: 'Brookfield Academy',
      status: 'requested',
      requestedBy: 'Imran Shah',
      authorisedAt: null,
      dueOn: '2026-05-08',
    });
    expect(rows[1]).toMatchObject({
      direction: 'sent',
      pupil: 'Łukasz Żółć',
      otherSchool: 'Brookfield Academy',
      requestedBy: 'Brookfield Academy',
      authorisedBy: 'Imran Shah',
      receivedAt: at('2026-04-03'),
      confirmedBy: 'Brookfield Academy',
    });
    expect(JSON.stringify(rows)).not.toMatch(/Bea Brook|Secret|Carlton/);
  });

  it('never shows another school’s transfer, through the policy or the query', async () => {
    const visible = await inSchool(a.id, (tx) => tx.execute(sql`select id from transfers`));
    expect((visible as unknown as { rows?: unknown[] }).rows ?? visible).toHaveLength(2);
    expect((await transferRegister(adminC, SHOWN)).map((r) => [r.direction, r.otherSchool])).toEqual([
      ['received', 'Brookfield Academy'],
    ]);
    const theirs = await transferRegister(adminB, SHOWN);
    expect(theirs.find((r) => r.id === sentId)).toMatchObject({
      direction: 'received',
      pupil: 'Lukasz Zolc',
      requestedBy: 'Bea Brook',
      authorisedBy: 'Ashdown Primary',
    });
  });

  it('refuses a colleague who is not an administrator and an administrator without their key', async () => {
    await expect(transferRegister(slt, SHOWN)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(transferRegister(adminNoKey, SHOWN)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(transferRegisterPdf(slt, SHOWN)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(transferRegisterXlsx(adminNoKey, SHOWN)).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('downloads as a PDF and as Excel holding the same rows', async () => {
    const pdf = await transferRegisterPdf(admin, SHOWN);
    expect(pdf.filename).toMatch(/^transfer-register-[\d-]+\.pdf$/);
    const text = pdfText(pdf.body as Uint8Array).replace(/\s+/g, ' ');
    expect(text).toContain('Sent: Łukasz Żółć');
    expect(text).toContain('Received: Thảo Nguyễn');
    expect(text).toContain('Brookfield Academy');
    expect(text).not.toContain('Secret');

    const xlsx = await transferRegisterXlsx(admin, SHOWN);
    const bytes = Buffer.from(await new Response(xlsx.body as ReadableStream<Uint8Array>).arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toContainEqual(expect.arrayContaining(['Direction', 'Pupil', 'Other school', 'Status']));
    expect(rows).toContainEqual(expect.arrayContaining(['Sent', 'Łukasz Żółć', 'Brookfield Academy', 'Transferred']));
    expect(rows).toContainEqual(expect.arrayContaining(['Received', 'Thảo Nguyễn', 'Brookfield Academy', 'Requested']));
    expect(JSON.stringify(rows)).not.toContain('Secret');
  });
});
