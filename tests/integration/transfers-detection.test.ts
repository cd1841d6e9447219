/**
 * Transfer detection across schools, through the MIS importer's own path: who
 * is matched (a leaver with incidents and one joiner on roll elsewhere with
 * the same valid UPN) and who never is; idempotence; the deadline; the
 * content-free email; and the transfers table's row-level security.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser } from '../support/identity';
import { readSample, sampleBundle } from '../support/bundles';
import { privileged } from '@/db/privileged';
import { inNoSchool, inSchool, rowsOf } from '@/db/scoped';
import { incidents, outbox, students, transfers } from '@/db/schema';
import { importFromPath } from '@/lib/mis/service';
import { upnHash } from '@/lib/mis/upn-hash';
import { detectTransfers, TRANSFER_EMAIL_SUBJECT } from '@/lib/transfers';
import type { School } from '@/lib/tenancy/context';

withTestDatabase();

const NOW = new Date('2025-11-20T12:00:00Z');

/** students.csv of the sample with some pupils' columns changed, and optionally only some pupils kept. */
function studentsCsv(changes: Record<string, Record<string, string>>, keep?: string[]): string {
  const [header, ...rows] = readSample('students.csv').trimEnd().split('\n');
  const cols = header!.split(',');
  const out = rows
    .filter((r) => !keep || keep.includes(r.split(',')[0]!))
    .map((r) => {
      const cells = r.split(',');
      for (const [col, value] of Object.entries(changes[cells[0]!] ?? {})) cells[cols.indexOf(col)] = value;
      return cells.join(',');
    });
  return [header, ...out].join('\n') + '\n';
}

async function pupilId(school: School, misId: string): Promise<string> {
  const [row] = await inSchool(school.id, (tx) =>
    tx.select({ id: students.id }).from(students).where(eq(students.misId, misId)),
  );
  return row!.id;
}

async function addIncident(school: School, studentId: string, authorId: string, number: number) {
  await inSchool(school.id, (tx) =>
    tx.insert(incidents).values({
      id: randomUUID(),
      schoolId: school.id,
      number,
      recordId: randomUUID(),
      studentId,
      role: 'subject',
      text: 'A concern',
      occurredAt: new Date('2025-10-01T10:00:00Z'),
      authorId,
    }),
  );
}

const allTransfers = () =>
  privileged('platform-console', 'test', (tx) =>
    tx
      .select({
        fromStudentId: transfers.fromStudentId,
        toStudentId: transfers.toStudentId,
        fromSchoolId: transfers.fromSchoolId,
        toSchoolId: transfers.toSchoolId,
        status: transfers.status,
        leavingDate: transfers.leavingDate,
        dueOn: transfers.dueOn,
      })
      .from(transfers),
  );

let a: School;
let b: School;
let c: School;

beforeAll(async () => {
  a = await makeSchool('tf-a', 'Alder Primary');
  b = await makeSchool('tf-b', 'Birch Academy');
  c = await makeSchool('tf-c', 'Cedar School');
  const author = await makeUser({ email: 'dsl@tf-a.test', displayName: 'A DSL', memberships: { 'tf-a': 'DSL' } });
  await makeUser({ email: 'dsl@tf-b.test', displayName: 'B DSL', memberships: { 'tf-b': 'DSL' } });
  await makeUser({ email: 'teacher@tf-b.test', displayName: 'B Teacher', memberships: { 'tf-b': 'Teachers' } });
  const left = { leaving_date: '2025-11-05' };
  // At A: S1001 left (matched); S1003 left without incidents; S1004 left with an invalid UPN;
  // S1005 left but starts at B only later; S1006 left but is on roll at B and at C; S1002 is still on roll.
  await importFromPath(
    a,
    sampleBundle({
      'students.csv': studentsCsv({
        S1001: left,
        S1003: left,
        S1004: { ...left, upn: 'A820200126004' },
        S1005: left,
        S1006: left,
      }),
    }),
    NOW,
  );
  await importFromPath(
    b,
    sampleBundle({
      'students.csv': studentsCsv({ S1004: { upn: 'A820200126004' }, S1005: { start_date: '2025-12-01' } }),
    }),
    NOW,
  );
  await importFromPath(c, sampleBundle({ 'students.csv': studentsCsv({}, ['S1006']) }), NOW);
  let n = 1;
  for (const misId of ['S1001', 'S1002', 'S1004', 'S1005', 'S1006'])
    await addIncident(a, await pupilId(a, misId), author, n++);
});

describe('the keyed UPN hash', () => {
  it('is stored for valid UPNs only, and is not the UPN', async () => {
    const rows = await inSchool(a.id, (tx) =>
      tx.select({ misId: students.misId, upn: students.upn, upnHash: students.upnHash }).from(students),
    );
    const s1001 = rows.find((r) => r.misId === 'S1001')!;
    expect(s1001.upnHash).toBe(upnHash('G820200125001'));
    expect(s1001.upnHash).not.toContain('820200125001');
    expect(rows.find((r) => r.misId === 'S1004')).toMatchObject({ upn: null, upnHash: null });
    expect(upnHash('A820200126004')).toBeNull();
  });
});

describe('transfer detection', () => {
  it('matches only the leaver with incidents whose UPN is on roll at exactly one other school, from its start date', async () => {
    const result = await detectTransfers(NOW);
    expect(result.detected).toBe(1);
    const rows = await allTransfers();
    expect(rows).toEqual([
      {
        fromSchoolId: a.id,
        fromStudentId: await pupilId(a, 'S1001'),
        toSchoolId: b.id,
        toStudentId: await pupilId(b, 'S1001'),
        status: 'detected',
        leavingDate: '2025-11-05',
        // Wednesday 5 November → Thu 6, Fri 7, Mon 10, Tue 11, Wed 12 on A's (default) calendar.
        dueOn: '2025-11-12',
      },
    ]);
  });

  it('running twice creates one transfer', async () => {
    expect((await detectTransfers(NOW)).detected).toBe(0);
    expect(await allTransfers()).toHaveLength(1);
  });

  it('a joiner whose start date is reached later is matched then', async () => {
    expect((await detectTransfers(new Date('2025-12-01T09:00:00Z'))).detected).toBe(1);
    const rows = await allTransfers();
    expect(rows.map((r) => r.toStudentId)).toContain(await pupilId(b, 'S1005'));
    // Still never: S1006 (on roll at two schools), S1004 (invalid UPN), S1003 (no incidents), S1002 (on roll at A).
    expect(rows).toHaveLength(2);
  });

  it("emails the receiving school's administrators, content-free, and nobody else", async () => {
    const mail = await privileged('platform-console', 'test', (tx) =>
      tx
        .select({ to: outbox.toAddress, subject: outbox.subject, text: outbox.bodyText })
        .from(outbox)
        .where(eq(outbox.subject, TRANSFER_EMAIL_SUBJECT)),
    );
    expect(mail.map((m) => m.to)).toEqual(['dsl@tf-b.test', 'dsl@tf-b.test']);
    for (const m of mail) {
      expect(m.text).toContain('http://tf-b.localhost:3000/admin/transfers');
      expect(m.text).not.toMatch(/Zoë|O'Brien|Alder|G820200125001/);
    }
  });
});

describe('row-level security on transfers', () => {
  it('each side sees its transfers; a third school and no school see none', async () => {
    const count = async (schoolId: string) =>
      inSchool(schoolId, async (tx) => rowsOf(await tx.execute(sql`select id from transfers`)).length);
    expect(await count(a.id)).toBe(2);
    expect(await count(b.id)).toBe(2);
    expect(await count(c.id)).toBe(0);
    expect(await inNoSchool(async (tx) => rowsOf(await tx.execute(sql`select id from transfers`)).length)).toBe(0);
  });

  it('a third school cannot insert a transfer between others, or update or delete one', async () => {
    const [t] = await allTransfers();
    await expect(
      inSchool(c.id, (tx) =>
        tx.execute(sql`insert into transfers (id, from_school_id, from_student_id, to_school_id, to_student_id,
          leaving_date, due_on) values (${randomUUID()}, ${a.id}, ${t!.fromStudentId}, ${b.id}, ${randomUUID()},
          '2025-11-05', '2025-11-12')`),
      ),
    ).rejects.toThrow();
    const updated = await inSchool(c.id, async (tx) =>
      rowsOf(await tx.execute(sql`update transfers set status = 'declined' returning id`)),
    );
    expect(updated).toEqual([]);
    await expect(inSchool(a.id, (tx) => tx.execute(sql`delete from transfers`))).rejects.toThrow();
    expect((await allTransfers()).every((r) => r.status === 'detected')).toBe(true);
  });
});
