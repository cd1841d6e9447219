import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { incidentActions, incidents } from './incidents';
import { schools } from './schools';
import { students } from './students';
import { users } from './users';

/**
 * An event in the Planner (case reviews, follow-ups, quick reminders). Private
 * (the default) shows to its creator and the colleagues it is shared with;
 * public shows in every key holder's planner. `starts_at`/`ends_at` are always
 * set, so one overlap condition finds a month's events; an all-day event also
 * keeps its school-local days (`start_day`/`end_day`, inclusive), which is what
 * it shows, whatever the zone does later. Deleting sets `deleted_at` (the app
 * role has no DELETE) and cancels the reminders not yet sent.
 */
export const plannerEvents = pgTable(
  'planner_events',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    notes: text('notes').notNull().default(''),
    allDay: boolean('all_day').notNull().default(false),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    startDay: date('start_day', { mode: 'string' }),
    endDay: date('end_day', { mode: 'string' }),
    isPublic: boolean('is_public').notNull().default(false),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    // Training mode's purge is the one hard delete of records: an event linked to a purged
    // practice record stays, without the link, rather than blocking the purge.
    incidentId: uuid('incident_id').references(() => incidents.id, { onDelete: 'set null' }),
    actionId: uuid('action_id').references(() => incidentActions.id, { onDelete: 'set null' }),
    /** "Remind me" about a page of Haven: the path on this school's site (checked as a return path). */
    aboutPath: text('about_path'),
    /** How the reminder was asked for, so the edit form shows it again: none, at a time, or N units before. */
    reminderKind: text('reminder_kind', { enum: ['none', 'at', 'before'] })
      .notNull()
      .default('none'),
    reminderAt: timestamp('reminder_at', { withTimezone: true }),
    reminderAmount: integer('reminder_amount'),
    reminderUnit: text('reminder_unit', { enum: ['minutes', 'hours', 'days'] }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: uuid('deleted_by').references(() => users.id),
  },
  (t) => [
    check('planner_events_ends_after_start', sql`${t.endsAt} >= ${t.startsAt}`),
    check(
      'planner_events_all_day_days',
      sql`(${t.allDay} = (${t.startDay} is not null)) and (${t.allDay} = (${t.endDay} is not null))`,
    ),
    check('planner_events_deleted_whole', sql`(${t.deletedAt} is null) = (${t.deletedBy} is null)`),
    index('planner_events_school_starts_idx').on(t.schoolId, t.startsAt),
    schoolIsolation(t.schoolId),
  ],
);

/** A colleague an event is shared with: it shows in their planner and they get its reminders. */
export const plannerEventShares = pgTable(
  'planner_event_shares',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => plannerEvents.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('planner_event_shares_live_key')
      .on(t.schoolId, t.eventId, t.userId)
      .where(sql`${t.removedAt} is null`),
    index('planner_event_shares_school_user_idx').on(t.schoolId, t.userId),
    schoolIsolation(t.schoolId),
  ],
);

/** A pupil an event is about: the event links to their page. */
export const plannerEventPupils = pgTable(
  'planner_event_pupils',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => plannerEvents.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('planner_event_pupils_live_key')
      .on(t.schoolId, t.eventId, t.studentId)
      .where(sql`${t.removedAt} is null`),
    schoolIsolation(t.schoolId),
  ],
);

/**
 * One reminder for one person (the creator, each shared colleague). The
 * `planner-reminders` job claims a due row by setting `sent_at` in the same
 * transaction that queues its email, so a reminder is sent exactly once. A
 * sent reminder is a dashboard entry until the person dismisses it. A change
 * to the event cancels the unsent ones (`cancelled_at`) and writes new ones.
 */
export const plannerReminders = pgTable(
  'planner_reminders',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => plannerEvents.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The job's scan, across schools: what is due and neither sent nor cancelled.
    index('planner_reminders_due_idx')
      .on(t.dueAt)
      .where(sql`${t.sentAt} is null and ${t.cancelledAt} is null`),
    index('planner_reminders_school_user_idx').on(t.schoolId, t.userId),
    index('planner_reminders_school_event_idx').on(t.schoolId, t.eventId),
    schoolIsolation(t.schoolId),
  ],
);
