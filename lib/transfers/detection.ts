/**
 * Finding transfers across the whole deployment in one indexed query (the
 * `transfer-detection` job): a pupil archived as left at school A who has
 * incidents, and a pupil on roll at school B ≠ A whose start date has been
 * reached (in B's time zone), with the same keyed UPN hash (lib/mis/upn-hash.ts:
 * only check-letter-valid UPNs have one). Never when more than one pupil on
 * roll anywhere shares the hash (ambiguous: a duplicated or mistyped UPN must
 * not attach one child's file to another), which also covers a pupil with the
 * hash still on roll at A. The insert is `on conflict do nothing` on
 * (from_student_id, to_student_id): running twice, or twice at once, makes one
 * transfer. Each new transfer's deadline is counted on the sending school's
 * calendar (./clock.ts), and the receiving school's administrators are told.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { rowsOf, type Tx } from '@/db/scoped';
import { calendarYears, type CalendarYear } from '@/lib/calendar';
import { transferDueOn } from './clock';
import { emailAdminsIn } from './notify';

interface Candidate {
  from_school_id: string;
  from_student_id: string;
  to_school_id: string;
  to_student_id: string;
  leaving_date: string;
}

/** The one cross-school query: every match not yet a transfer. */
async function findCandidates(tx: Tx, now: Date): Promise<Candidate[]> {
  const res = await tx.execute(sql`
    select l.school_id as from_school_id, l.id as from_student_id, j.school_id as to_school_id,
      j.id as to_student_id, l.leaving_date::text as leaving_date
    from students l
    join students j on j.upn_hash = l.upn_hash and j.school_id <> l.school_id
    join schools js on js.id = j.school_id
    where l.upn_hash is not null and l.archived_reason = 'left' and l.leaving_date is not null
      and j.archived_at is null
      and j.start_date <= (${now}::timestamptz at time zone js.time_zone)::date
      and exists (select 1 from incidents i
        where i.school_id = l.school_id and i.student_id = l.id and i.deleted_at is null and not i.training)
      and (select count(*) from students o where o.upn_hash = l.upn_hash and o.archived_at is null) = 1
      and not exists (select 1 from transfers t where t.from_student_id = l.id and t.to_student_id = j.id)`);
  return rowsOf<Candidate>(res);
}

export interface DetectionResult {
  detected: number;
  notified: number;
}

/** Detects new transfers across all schools and tells each receiving school's administrators. */
export async function detectTransfers(now: Date): Promise<DetectionResult> {
  return privileged('transfer-detection', 'transfer-detection: match leavers and joiners by UPN hash', async (tx) => {
    const candidates = await findCandidates(tx, now);
    const yearsBySchool = new Map<string, CalendarYear[]>();
    const receiving = new Set<string>();
    let detected = 0;
    for (const c of candidates) {
      let years = yearsBySchool.get(c.from_school_id);
      if (!years) {
        years = await calendarYears(tx, c.from_school_id);
        yearsBySchool.set(c.from_school_id, years);
      }
      const inserted = await tx.execute(sql`
        insert into transfers (id, from_school_id, from_student_id, to_school_id, to_student_id, status,
          detected_at, leaving_date, due_on)
        values (${randomUUID()}::uuid, ${c.from_school_id}::uuid, ${c.from_student_id}::uuid,
          ${c.to_school_id}::uuid, ${c.to_student_id}::uuid, 'detected', ${now}::timestamptz,
          ${c.leaving_date}::date, ${transferDueOn(years, c.leaving_date)}::date)
        on conflict (from_student_id, to_student_id) do nothing
        returning id`);
      if (rowsOf(inserted).length === 0) continue;
      detected++;
      receiving.add(c.to_school_id);
    }
    let notified = 0;
    for (const schoolId of receiving) notified += await emailAdminsIn(tx, schoolId, 'detected');
    return { detected, notified };
  });
}
