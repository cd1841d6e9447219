/**
 * The benchmark's incidents: saving an incident as the large school's DSL
 * with five people alerted (goal: p95 under 150 ms), and a pupil with 500
 * incidents and 1,500 actions whose chronology the HTTP cases render (goal:
 * under 300 ms). Everything is written through the same services the pages
 * use, so the numbers include the permission checks, monitoring, alerts,
 * outbox and audit rows of a real submission.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { inSchool } from '@/db/scoped';
import { categories, students } from '@/db/schema';
import { resolveSession } from '@/lib/auth/sessions';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import { instantToZonedWallTime } from '@/lib/time/school-date';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { makeCtx } from '@/lib/tenancy/make-ctx';
import { provisionUser } from '@/lib/users/provision';

export const CHRONOLOGY_INCIDENTS = 500;
export const CHRONOLOGY_ACTIONS = 1_500;

type Measure = (
  name: string,
  runs: number,
  fn: () => Promise<number | null>,
  note?: string,
) => Promise<{ note?: string }>;

const TEXT =
  'At break Sam said that the older boys at the bus stop had taken his phone again and told him not to tell anyone.\n' +
  'He was upset and did not want to go home on the bus. I stayed with him until his aunt collected him.';

/** Five colleagues to alert, as staff of the large school in several groups. */
async function alertRecipients(slug: string): Promise<string[]> {
  const groups = ['SLT', 'Pastoral', 'Pastoral', 'Teachers', 'Support staff'];
  const ids: string[] = [];
  for (const [i, group] of groups.entries()) {
    ids.push(
      await provisionUser({
        email: `alert-${i}@large.bench.test`,
        displayName: `Alerted Colleague ${i + 1}`,
        memberships: { [slug]: group },
      }),
    );
  }
  return ids;
}

export async function incidentCases(
  school: School,
  sessionToken: string,
  measure: Measure,
): Promise<{ chronologyPupilId: string }> {
  const user = await resolveSession(school.id, sessionToken, new Date());
  if (!user) throw new Error('bench session did not resolve');
  const ctx = makeCtx(school, user, { ip: '127.0.0.1', userAgent: 'bench' }) as UserCtx;
  const alertUserIds = await alertRecipients(school.slug);
  const { pupils, cats } = await inSchool(school.id, async (tx) => ({
    pupils: await tx
      .select({ id: students.id })
      .from(students)
      .where(and(eq(students.schoolId, school.id), isNull(students.archivedAt)))
      .orderBy(asc(students.misId))
      .limit(200),
    cats: await tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.schoolId, school.id), isNull(categories.parentId)))
      .orderBy(asc(categories.sortOrder)),
  }));
  if (pupils.length < 101 || cats.length < 3) throw new Error('the large school has too few pupils or categories');

  // Each save is about a different pupil, as a day's concerns are.
  let n = 0;
  const save = await measure('add incident (5 people alerted, monitoring, outbox, audit)', 100, async () => {
    const i = n++;
    const created = await createIncident(ctx, {
      studentId: pupils[1 + (i % 100)]!.id,
      text: TEXT,
      categoryIds: [cats[i % cats.length]!.id, cats[(i + 1) % cats.length]!.id],
      alertUserIds,
    });
    return created.alerted;
  });
  save.note = 'goal: p95 < 150 ms';

  // The chronology pupil: 500 incidents over two years, three actions each.
  const pupilId = pupils[0]!.id;
  const t = performance.now();
  const start = Date.now() - 2 * 365 * 24 * 3600_000;
  for (let i = 0; i < CHRONOLOGY_INCIDENTS; i++) {
    const when = new Date(start + i * ((2 * 365 * 24 * 3600_000) / CHRONOLOGY_INCIDENTS));
    const created = await createIncident(
      ctx,
      {
        studentId: pupilId,
        text: `${TEXT}\n(${i + 1})`,
        categoryIds: [cats[i % cats.length]!.id],
        occurredAt: instantToZonedWallTime(school.timeZone, when),
        status: i % 4 === 0 ? 'active' : 'closed',
        agencies: i % 5 === 0 ? ['Children’s social care'] : [],
      },
      when,
    );
    for (let k = 0; k < CHRONOLOGY_ACTIONS / CHRONOLOGY_INCIDENTS; k++) {
      const at = new Date(when.getTime() + (k + 1) * 3600_000);
      await addAction(
        ctx,
        {
          incidentId: created.incidentId,
          text: `Spoke to the family and agreed next steps (${k + 1}).`,
          occurredAt: instantToZonedWallTime(school.timeZone, at),
        },
        at,
      );
    }
  }
  console.log(
    `  wrote ${CHRONOLOGY_INCIDENTS} incidents and ${CHRONOLOGY_ACTIONS} actions for one pupil in ${Math.round(performance.now() - t)} ms`,
  );
  return { chronologyPupilId: pupilId };
}
