/**
 * zod inputs of the planner's services, as the event form posts them: flat
 * strings, the shared colleagues and pupils as comma-joined ids, the
 * reminder as its kind and the fields that kind needs. Each schema accepts
 * its own output (the action parses, then the service parses again).
 * Pure module.
 */
import { z } from 'zod';
import { submissionKeyInput } from '@/lib/idempotency/schema';
import { uuidListField } from '@/lib/ids';

export const MAX_TITLE = 200;
export const MAX_NOTES = 5_000;
export const MAX_SHARED = 50;
export const MAX_PUPILS = 20;
/** The furthest ahead a reminder may be asked for, in each unit. */
export const MAX_REMINDER_AMOUNT = { minutes: 10_080, hours: 720, days: 365 } as const;

const flag = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).default(false);
const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.uuid().optional());

export const plannerEventInput = z
  .strictObject({
    submissionKey: submissionKeyInput.optional(),
    /** Present when changing an event, with the version the form showed. */
    eventId: optionalId,
    version: z.preprocess(
      (v) => (v === '' || v === undefined ? undefined : Number(v)),
      z.number().int().positive().optional(),
    ),
    title: z
      .string()
      .trim()
      .min(1, 'Give the event a title.')
      .max(MAX_TITLE, `Keep the title under ${MAX_TITLE} characters.`),
    notes: z.string().trim().max(MAX_NOTES, `Keep the notes under ${MAX_NOTES} characters.`).default(''),
    allDay: flag,
    start: z.string().trim().max(20).default(''),
    end: z.string().trim().max(20).default(''),
    visibility: z.enum(['private', 'public'], 'Choose private or public.').default('private'),
    sharedWith: uuidListField(
      MAX_SHARED,
      `Share with at most ${MAX_SHARED} colleagues.`,
      'Choose colleagues from the list.',
    ),
    pupils: uuidListField(MAX_PUPILS, `Link at most ${MAX_PUPILS} pupils.`, 'Choose pupils from the list.'),
    incidentId: optionalId,
    actionId: optionalId,
    /** A page of this site the event is about ("Remind me" from that page). */
    aboutPath: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().max(1000).optional()),
    reminder: z.enum(['none', 'at', 'before'], 'Choose when to be reminded.').default('none'),
    reminderAt: z.string().trim().max(20).default(''),
    reminderAmount: z.string().trim().max(6).default(''),
    reminderUnit: z.enum(['minutes', 'hours', 'days'], 'Choose minutes, hours or days.').default('minutes'),
  })
  .superRefine((v, ctx) => {
    if (v.reminder !== 'before') return;
    const n = Number(v.reminderAmount);
    const max = MAX_REMINDER_AMOUNT[v.reminderUnit];
    if (!/^\d+$/.test(v.reminderAmount) || n < 0 || n > max)
      ctx.addIssue({
        code: 'custom',
        path: ['reminderAmount'],
        message: `Enter a whole number from 0 to ${max}.`,
      });
  });
export type PlannerEventInput = z.output<typeof plannerEventInput>;

/** "Remind me" in the header: a private reminder to oneself, at a time, optionally about the page it was made on. */
export const quickReminderInput = z.strictObject({
  submissionKey: submissionKeyInput.optional(),
  text: z
    .string()
    .trim()
    .min(1, 'Write what to remind you of.')
    .max(MAX_TITLE, `Keep it under ${MAX_TITLE} characters.`),
  when: z.string().trim().max(20).default(''),
  aboutThisPage: flag,
  from: z.string().max(1000).default(''),
});

export const deletePlannerEventInput = z.strictObject({ eventId: z.uuid() });

export const dismissReminderInput = z.strictObject({ reminderId: z.uuid() });
