/**
 * "Add to planner" on the add-incident and add-action forms: an event made
 * with the record, in the record's own transaction, linked to it and to its
 * pupils the person may open. The same event the Options menu's "Add to
 * planner" makes (`writePlannerEvent`), from a few fields of the record's
 * form (their names start with `planner`).
 *
 * Only for those who may use the planner now (`planner.use`); the forms show
 * the fields to no one else. Someone who sends them anyway (a forged form, or
 * a key that lapsed while typing) is refused, and so is the record: nothing
 * asked for is silently dropped, nothing is half-saved, and the message sits
 * by "Add to planner" with everything typed kept. A planner field that is
 * wrong refuses the record the same way.
 *
 * The title, when left empty, is "Follow up: incident #<number>": never a
 * pupil's name or a category, since a public event shows to every key holder
 * who uses the planner, including those who may not see that category.
 */
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db/scoped';
import { students } from '@/db/schema';
import { can, type AccessSubject } from '@/lib/access';
import { NotAllowedError, NotFoundError, UserError, fieldErrorsOf } from '@/lib/errors';
import { addAction, type AddedAction } from '@/lib/incidents/add-action';
import type { AlsoSave, SavedRecord } from '@/lib/incidents/also-save';
import { createIncident, type CreatedIncident } from '@/lib/incidents/create';
import { studentResource } from '@/lib/students/access';
import type { UserCtx } from '@/lib/tenancy/context';
import { requirePlanner } from './access';
import { CHECK_FIELDS, checkRecord } from './links';
import { MAX_PUPILS, MAX_TITLE } from './schema';
import { prepareEvent, writePlannerEvent, type PreparedEvent } from './service';

const flag = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).default(false);

/** The record forms' planner fields, to extend their strict schemas with. */
export const recordEventFields = {
  plannerAdd: flag,
  plannerTitle: z
    .string()
    .max(MAX_TITLE * 2)
    .default(''),
  plannerDay: z.string().max(20).default(''),
  plannerTime: z.string().max(20).default(''),
  plannerReminder: z.enum(['none', 'before'], 'Choose whether to be reminded.').default('none'),
  plannerReminderAmount: z.string().max(6).default(''),
  plannerReminderUnit: z.enum(['minutes', 'hours', 'days'], 'Choose minutes, hours or days.').default('days'),
  plannerVisibility: z.enum(['private', 'public'], 'Choose private or public.').default('private'),
};
const recordEventInput = z.strictObject(recordEventFields);
export type RecordEventFields = z.output<typeof recordEventInput>;
const FIELD_NAMES = Object.keys(recordEventFields) as (keyof RecordEventFields)[];

/** The event form's field names as the record forms call them. */
const FIELD_OF: Record<string, keyof RecordEventFields> = {
  title: 'plannerTitle',
  start: 'plannerDay',
  end: 'plannerDay',
  allDay: 'plannerDay',
  visibility: 'plannerVisibility',
  reminder: 'plannerReminder',
  reminderAmount: 'plannerReminderAmount',
  reminderUnit: 'plannerReminderUnit',
};

/** This form has one day and an optional time where the event form has a start and an end. */
const WHEN_UNREADABLE = 'Enter the day as a date, and a time or none for all day.';

function renamed(e: UserError): UserError {
  const fieldErrors: Record<string, string[]> = {};
  for (const [name, messages] of Object.entries(e.fieldErrors ?? {})) {
    const own = FIELD_OF[name] ?? 'plannerAdd';
    fieldErrors[own] = own === 'plannerDay' ? [WHEN_UNREADABLE] : [...(fieldErrors[own] ?? []), ...messages];
  }
  return new UserError(e.message, fieldErrors);
}

/** Splits a record form's parsed data into the record's own input and its planner fields. */
export function splitRecordForm<T extends Record<string, unknown>>(
  data: T,
): { record: Omit<T, keyof RecordEventFields>; planner: RecordEventFields } {
  const record: Record<string, unknown> = {};
  const planner: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) ((FIELD_NAMES as string[]).includes(k) ? planner : record)[k] = v;
  const parsed = recordEventInput.safeParse(planner);
  if (!parsed.success) throw new UserError(CHECK_FIELDS, fieldErrorsOf(parsed.error.issues));
  return { record: record as Omit<T, keyof RecordEventFields>, planner: parsed.data };
}

interface Prepared {
  subject: AccessSubject;
  event: PreparedEvent;
  titled: boolean;
}

/** Checked before the record's transaction: null when not asked for; refused when not allowed or wrong. */
async function prepare(ctx: UserCtx, fields: RecordEventFields): Promise<Prepared | null> {
  if (!fields.plannerAdd) return null;
  let subject: AccessSubject;
  try {
    subject = await requirePlanner(ctx);
  } catch (e) {
    if (e instanceof NotAllowedError)
      throw new UserError(`${e.message} Untick “Add to planner” to save without it.`, { plannerAdd: [e.message] });
    throw e;
  }
  const title = fields.plannerTitle.trim();
  const time = fields.plannerTime.trim();
  const start = time ? `${fields.plannerDay.trim()}T${time}` : fields.plannerDay.trim();
  try {
    const event = prepareEvent(ctx, {
      // A stand-in until the record's number is known; replaced in the transaction.
      title: title || 'Follow up',
      allDay: time ? 'false' : 'on',
      start,
      end: start,
      visibility: fields.plannerVisibility,
      reminder: fields.plannerReminder,
      reminderAmount: fields.plannerReminderAmount.trim(),
      reminderUnit: fields.plannerReminderUnit,
    });
    return { subject, event, titled: title !== '' };
  } catch (e) {
    if (e instanceof UserError) throw renamed(e);
    throw e;
  }
}

/** The record's pupils this person may open, in order, as many as an event links. */
async function openablePupils(tx: Tx, ctx: UserCtx, subject: AccessSubject, ids: readonly string[]) {
  const rows = await tx
    .select({
      id: students.id,
      schoolId: students.schoolId,
      tutorGroup: students.tutorGroup,
      yearGroup: students.yearGroup,
      archivedAt: students.archivedAt,
    })
    .from(students)
    .where(and(eq(students.schoolId, ctx.school.id), inArray(students.id, [...ids])));
  const ok = new Set(rows.filter((r) => can(subject, 'student.view', studentResource(r))).map((r) => r.id));
  return ids.filter((id) => ok.has(id)).slice(0, MAX_PUPILS);
}

/** The event, written in the record's transaction once the record is: linked to it when the person may read it. */
function alsoSave(ctx: UserCtx, p: Prepared, fields: RecordEventFields, now: Date): AlsoSave {
  return {
    input: fields,
    run: async (tx: Tx, saved: SavedRecord) => {
      const pupils = await openablePupils(tx, ctx, p.subject, saved.studentIds);
      let link: { incidentId?: string; actionId?: string } = {
        incidentId: saved.incidentId,
        actionId: saved.actionId ?? undefined,
      };
      try {
        await checkRecord(tx, ctx, p.subject, link);
      } catch (e) {
        // A record this person saved but may not read (a category they add to, not see): the event has no link.
        if (!(e instanceof NotFoundError)) throw e;
        link = {};
      }
      const d = {
        ...p.event.d,
        title: p.titled ? p.event.d.title : `Follow up: incident #${saved.number}`,
        pupils,
        ...link,
      };
      try {
        await writePlannerEvent(tx, ctx, p.subject, { ...p.event, d }, now);
      } catch (e) {
        if (e instanceof UserError && !(e instanceof NotFoundError)) throw renamed(e);
        throw e;
      }
    },
  };
}

/** Adds an incident, and with it, when asked, its planner event: one transaction, one submission. */
export async function createIncidentWithEvent(
  ctx: UserCtx,
  input: Record<string, unknown>,
  now = new Date(),
): Promise<CreatedIncident> {
  const { record, planner } = splitRecordForm(input);
  const prepared = await prepare(ctx, planner);
  return createIncident(ctx, record, now, prepared ? alsoSave(ctx, prepared, planner, now) : undefined);
}

/** Adds an action, and with it, when asked, its planner event: one transaction, one submission. */
export async function addActionWithEvent(
  ctx: UserCtx,
  input: Record<string, unknown>,
  now = new Date(),
): Promise<AddedAction> {
  const { record, planner } = splitRecordForm(input);
  const prepared = await prepare(ctx, planner);
  return addAction(ctx, record, now, prepared ? alsoSave(ctx, prepared, planner, now) : undefined);
}
