import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { categories } from './access';
import { schools } from './schools';
import { students } from './students';
import { users } from './users';

/**
 * Incidents and actions: the chronology. One incident row is one pupil's copy
 * (a concern about three pupils is three incidents sharing a `record_id`),
 * because each copy has its own role, its own monitoring categories and its own
 * place in that pupil's chronology. Every edit appends a version row; deletes
 * set `deleted_at` with a reason and can be undone. The app role cannot DELETE:
 * the one hard delete (removing training records) runs on the named privileged
 * path.
 */

export type PupilRole = 'subject' | 'involved' | 'affected' | 'alleged_harm' | 'witness';

/** A marker on a map: which map, where (0–1 of its width and height), its number and a short note. */
export interface MapMarker {
  mapId: string;
  x: number;
  y: number;
  number: number;
  note: string;
}

/** Per-school running numbers (incident numbers staff see and type), one row per counter. */
export const schoolCounters = pgTable(
  'school_counters',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    name: text('name').notNull(),
    value: integer('value').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'school_counters_pkey', columns: [t.schoolId, t.name] }), schoolIsolation(t.schoolId)],
);

export const incidents = pgTable(
  'incidents',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    /** What staff see and type ("#1042"): unique in the school. */
    number: integer('number').notNull(),
    /** Shared by the copies made for linked pupils in one submission. */
    recordId: uuid('record_id').notNull(),
    studentId: uuid('student_id').notNull(),
    role: text('role', { enum: ['subject', 'involved', 'affected', 'alleged_harm', 'witness'] }).notNull(),
    text: text('text').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['active', 'closed'] })
      .notNull()
      .default('active'),
    assigneeId: uuid('assignee_id').references(() => users.id),
    agencies: jsonb('agencies')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Agencies from the school's list (ids into `agencies`); `agencies` holds the free text not on it. */
    agencyIds: jsonb('agency_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    markers: jsonb('markers')
      .$type<MapMarker[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Values of the school's custom fields, keyed by field id. */
    customFields: jsonb('custom_fields')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Null when an integration wrote it. */
    authorId: uuid('author_id').references(() => users.id),
    pinned: boolean('pinned').notNull().default(false),
    training: boolean('training').notNull().default(false),
    /** Optimistic concurrency: an edit names the version it started from. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: uuid('deleted_by').references(() => users.id),
    deleteReason: text('delete_reason'),
    /** Set when merged into another incident: this one now lives on as an action there. */
    mergedIntoId: uuid('merged_into_id'),
    /**
     * Came from another school (transfers): the author shown, the previous
     * school's name, in place of a user of this school (`author_id` is null).
     */
    externalAuthor: text('external_author'),
    /** The transfer that brought this copy: makes the copy idempotent (one transfer, one copy). */
    transferId: uuid('transfer_id'),
  },
  (t) => [
    unique('incidents_school_id_key').on(t.schoolId, t.id),
    uniqueIndex('incidents_school_number_key').on(t.schoolId, t.number),
    foreignKey({
      name: 'incidents_student_fk',
      columns: [t.schoolId, t.studentId],
      foreignColumns: [students.schoolId, students.id],
    }),
    foreignKey({
      name: 'incidents_merged_into_fk',
      columns: [t.schoolId, t.mergedIntoId],
      foreignColumns: [t.schoolId, t.id],
    }),
    index('incidents_school_student_idx').on(t.schoolId, t.studentId, t.occurredAt),
    index('incidents_school_record_idx').on(t.schoolId, t.recordId),
    index('incidents_school_author_idx').on(t.schoolId, t.authorId, t.createdAt),
    index('incidents_school_assignee_idx').on(t.schoolId, t.assigneeId),
    index('incidents_school_transfer_idx').on(t.schoolId, t.transferId),
    check('incidents_text_length', sql`char_length(${t.text}) between 1 and 50000`),
    check('incidents_deleted_reason', sql`(${t.deletedAt} is null) = (${t.deleteReason} is null)`),
    schoolIsolation(t.schoolId),
  ],
);

/** Every version of an incident as it was saved, the current one included. */
export const incidentVersions = pgTable(
  'incident_versions',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    incidentId: uuid('incident_id').notNull(),
    version: integer('version').notNull(),
    /** The whole editable state at that version (text, when, status, categories, agencies, markers, custom fields). */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    savedBy: uuid('saved_by').references(() => users.id),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'incident_versions_pkey', columns: [t.schoolId, t.incidentId, t.version] }),
    foreignKey({
      name: 'incident_versions_incident_fk',
      columns: [t.schoolId, t.incidentId],
      foreignColumns: [incidents.schoolId, incidents.id],
    }),
    schoolIsolation(t.schoolId),
  ],
);

/** Actions recorded on an incident. */
export const incidentActions = pgTable(
  'incident_actions',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id').notNull(),
    text: text('text').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    agencies: jsonb('agencies')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Agencies from the school's list (ids into `agencies`); `agencies` holds the free text not on it. */
    agencyIds: jsonb('agency_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    customFields: jsonb('custom_fields')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    authorId: uuid('author_id').references(() => users.id),
    training: boolean('training').notNull().default(false),
    version: integer('version').notNull().default(1),
    /** An incident merged into this one lives on as this action. */
    mergedFromIncidentId: uuid('merged_from_incident_id'),
    /**
     * The same id on every pupil's copy of one action (as `record_id` links the
     * copies of an incident): set when the action is added to linked pupils'
     * copies, at once or later. Null for an action on one copy only.
     */
    recordActionId: uuid('record_action_id'),
    /** Came from another school (transfers): the author shown, the previous school's name. */
    externalAuthor: text('external_author'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: uuid('deleted_by').references(() => users.id),
    deleteReason: text('delete_reason'),
  },
  (t) => [
    unique('incident_actions_school_id_key').on(t.schoolId, t.id),
    foreignKey({
      name: 'incident_actions_incident_fk',
      columns: [t.schoolId, t.incidentId],
      foreignColumns: [incidents.schoolId, incidents.id],
    }),
    index('incident_actions_school_incident_idx').on(t.schoolId, t.incidentId, t.occurredAt),
    index('incident_actions_school_record_action_idx').on(t.schoolId, t.recordActionId),
    check('incident_actions_text_length', sql`char_length(${t.text}) between 1 and 50000`),
    schoolIsolation(t.schoolId),
  ],
);

export const actionVersions = pgTable(
  'action_versions',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    actionId: uuid('action_id').notNull(),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    savedBy: uuid('saved_by').references(() => users.id),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'action_versions_pkey', columns: [t.schoolId, t.actionId, t.version] }),
    foreignKey({
      name: 'action_versions_action_fk',
      columns: [t.schoolId, t.actionId],
      foreignColumns: [incidentActions.schoolId, incidentActions.id],
    }),
    schoolIsolation(t.schoolId),
  ],
);

/**
 * The categories shown against an incident: its own, and those its live
 * actions added (raising it to Child Protection). The permission engine needs
 * every one of them viewable, so this table is what visibility queries read.
 */
export const incidentCategories = pgTable(
  'incident_categories',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    incidentId: uuid('incident_id').notNull(),
    categoryId: uuid('category_id').notNull(),
    /** Null: the incident's own category; otherwise the action that added it. */
    actionId: uuid('action_id'),
    /**
     * Set when an edit takes the category off, or its action is deleted; cleared
     * on restore. Only live rows count for visibility. The history is in the
     * version snapshots.
     */
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({
      name: 'incident_categories_incident_fk',
      columns: [t.schoolId, t.incidentId],
      foreignColumns: [incidents.schoolId, incidents.id],
    }),
    foreignKey({
      name: 'incident_categories_action_fk',
      columns: [t.schoolId, t.actionId],
      foreignColumns: [incidentActions.schoolId, incidentActions.id],
    }),
    foreignKey({
      name: 'incident_categories_category_fk',
      columns: [t.schoolId, t.categoryId],
      foreignColumns: [categories.schoolId, categories.id],
    }),
    uniqueIndex('incident_categories_live_key')
      .on(
        t.schoolId,
        t.incidentId,
        t.categoryId,
        sql`coalesce(${t.actionId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      )
      .where(sql`${t.removedAt} is null`),
    index('incident_categories_school_category_idx').on(t.schoolId, t.categoryId),
    schoolIsolation(t.schoolId),
  ],
);

/**
 * A dashboard alert: someone is told about an incident (or an action on it).
 * Marking it read ends it; a non-key user's access to the record ends with it.
 */
export const alerts = pgTable(
  'alerts',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    incidentId: uuid('incident_id').notNull(),
    actionId: uuid('action_id'),
    /** Why they were alerted: chosen on the form, an alert group, a rule, the pupil's staff list, as assignee. */
    reason: text('reason', {
      enum: ['chosen', 'alert_group', 'rule', 'pupil_staff', 'assignee', 'incident_recipients'],
    }).notNull(),
    raisedBy: uuid('raised_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** "Remove dashboard alerts" by an admin: gone from the dashboard, not read. */
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({
      name: 'alerts_incident_fk',
      columns: [t.schoolId, t.incidentId],
      foreignColumns: [incidents.schoolId, incidents.id],
    }),
    foreignKey({
      name: 'alerts_action_fk',
      columns: [t.schoolId, t.actionId],
      foreignColumns: [incidentActions.schoolId, incidentActions.id],
    }),
    index('alerts_school_user_live_idx')
      .on(t.schoolId, t.userId)
      .where(sql`${t.readAt} is null and ${t.clearedAt} is null`),
    index('alerts_school_incident_idx').on(t.schoolId, t.incidentId),
    schoolIsolation(t.schoolId),
  ],
);

/** Admin → Users → a user → Alerts: alert this person automatically by category, pupil or pupil group. */
export const alertRules = pgTable(
  'alert_rules',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ['category', 'student', 'tutor_group', 'year_group'] }).notNull(),
    categoryId: uuid('category_id'),
    studentId: uuid('student_id'),
    groupName: text('group_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    check(
      'alert_rules_target',
      sql`(${t.kind} = 'category') = (${t.categoryId} is not null) and (${t.kind} = 'student') = (${t.studentId} is not null) and (${t.kind} in ('tutor_group', 'year_group')) = (${t.groupName} is not null)`,
    ),
    index('alert_rules_school_user_idx').on(t.schoolId, t.userId),
    schoolIsolation(t.schoolId),
  ],
);
