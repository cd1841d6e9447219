import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
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
import { users } from './users';

/**
 * Pupils and what hangs off them. The MIS owns the columns the extract carries
 * (the importer overwrites them); Haven owns the profile (summary, keywords,
 * agencies), hand-made links and contacts, and monitoring. Nothing is deleted by
 * the app: pupils are archived, links and contacts are marked removed,
 * monitoring periods are ended.
 */

/** A pupil as the MIS describes them, plus Haven's own archive state. */
export const students = pgTable(
  'students',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    /** The pupil's stable id in the MIS (`students.csv` mis_id). */
    misId: text('mis_id').notNull(),
    /** Only a UPN whose check letter is right is stored (transfers match on it). */
    upn: text('upn'),
    /**
     * HMAC-SHA256 of the UPN under the deployment's UPN_MATCH_SECRET
     * (lib/mis/upn-hash.ts), set by the importer with `upn`: transfers match
     * pupils across schools on it, so the matching index holds no readable UPN.
     */
    upnHash: text('upn_hash'),
    legalForename: text('legal_forename').notNull(),
    legalSurname: text('legal_surname').notNull(),
    /** Default to the legal names when the MIS leaves them blank. */
    preferredForename: text('preferred_forename').notNull(),
    preferredSurname: text('preferred_surname').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    gender: text('gender'),
    yearGroup: text('year_group'),
    tutorGroup: text('tutor_group'),
    /** DfE SEN code: N no SEN, K SEN support, E EHC plan. */
    senStatus: text('sen_status', { enum: ['N', 'K', 'E'] }),
    ethnicity: text('ethnicity'),
    religion: text('religion'),
    pupilPremium: boolean('pupil_premium').notNull().default(false),
    eal: boolean('eal').notNull().default(false),
    freeSchoolMeals: boolean('free_school_meals').notNull().default(false),
    lookedAfter: boolean('looked_after').notNull().default(false),
    medicalConditions: jsonb('medical_conditions')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    leavingDate: date('leaving_date', { mode: 'string' }),
    /**
     * Every name, legal and preferred, folded for search (lower case, accents
     * and punctuation removed, lib/students/search-key.ts): "zoe obrien".
     */
    searchKey: text('search_key').notNull(),
    /** Hash of the MIS row as last imported: an identical re-import writes nothing. */
    misRowHash: text('mis_row_hash').notNull(),
    /**
     * Digest of this pupil's marks in the last attendance.csv imported
     * (lib/mis/import/attendance-digest.ts): an identical file skips the writes.
     */
    attendanceDigest: text('attendance_digest'),
    /** Set when the pupil left or vanished from the extract; cleared when they return. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    archivedReason: text('archived_reason', { enum: ['left', 'missing'] }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('students_school_id_key').on(t.schoolId, t.id),
    uniqueIndex('students_school_mis_id_key').on(t.schoolId, t.misId),
    index('students_school_upn_idx').on(t.schoolId, t.upn),
    index('students_upn_hash_idx')
      .on(t.upnHash)
      .where(sql`${t.upnHash} is not null`),
    index('students_school_tutor_idx').on(t.schoolId, t.tutorGroup),
    index('students_school_year_idx').on(t.schoolId, t.yearGroup),
    index('students_search_key_trgm_idx').using('gin', t.searchKey.op('gin_trgm_ops')),
    check('students_archive_reason', sql`(${t.archivedAt} is null) = (${t.archivedReason} is null)`),
    schoolIsolation(t.schoolId),
  ],
);

/** Haven's own notes on a pupil (Edit information): one row per pupil, versioned for optimistic concurrency. */
export const studentProfiles = pgTable(
  'student_profiles',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    studentId: uuid('student_id').notNull(),
    summary: text('summary').notNull().default(''),
    keywords: jsonb('keywords')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    agencies: jsonb('agencies')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Agencies from the school's list (ids into `agencies`); `agencies` holds the free text not on it. */
    agencyIds: jsonb('agency_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Values of the school's student form custom fields, by field id (a multiple choice is a list). */
    customFields: jsonb('custom_fields')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Folded keywords for search (same folding as students.search_key). */
    keywordKey: text('keyword_key').notNull().default(''),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [
    primaryKey({ name: 'student_profiles_pkey', columns: [t.schoolId, t.studentId] }),
    foreignKey({
      name: 'student_profiles_student_fk',
      columns: [t.schoolId, t.studentId],
      foreignColumns: [students.schoolId, students.id],
    }),
    schoolIsolation(t.schoolId),
  ],
);

/**
 * A link between two pupils, stored once per direction so either pupil's page
 * reads its own rows. Siblings come from the MIS (shared contact with parental
 * responsibility); friends, cousins and the like are added by hand and survive
 * every import.
 */
export const studentLinks = pgTable(
  'student_links',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    linkedStudentId: uuid('linked_student_id').notNull(),
    source: text('source', { enum: ['mis', 'manual'] }).notNull(),
    relationship: text('relationship').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: uuid('removed_by').references(() => users.id),
  },
  (t) => [
    foreignKey({
      name: 'student_links_student_fk',
      columns: [t.schoolId, t.studentId],
      foreignColumns: [students.schoolId, students.id],
    }),
    foreignKey({
      name: 'student_links_linked_fk',
      columns: [t.schoolId, t.linkedStudentId],
      foreignColumns: [students.schoolId, students.id],
    }),
    uniqueIndex('student_links_live_key')
      .on(t.schoolId, t.studentId, t.linkedStudentId, t.source)
      .where(sql`${t.removedAt} is null`),
    check('student_links_not_self', sql`${t.studentId} <> ${t.linkedStudentId}`),
    schoolIsolation(t.schoolId),
  ],
);

/** A pupil's contacts: the MIS's (replaced by each extract) and those added by hand (e.g. the social worker). */
export const studentContacts = pgTable(
  'student_contacts',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    source: text('source', { enum: ['mis', 'manual'] }).notNull(),
    /** `contact_id` of the extract: the same person has the same id for every pupil. Null for manual contacts. */
    misContactId: text('mis_contact_id'),
    title: text('title'),
    forename: text('forename').notNull(),
    surname: text('surname').notNull(),
    relationship: text('relationship'),
    /** 1 = first contact. Manual contacts sort after the MIS's. */
    priority: integer('priority'),
    parentalResponsibility: boolean('parental_responsibility').notNull().default(false),
    livesWithStudent: boolean('lives_with_student').notNull().default(false),
    phone: text('phone'),
    mobile: text('mobile'),
    email: text('email'),
    address: text('address'),
    /** Manual contacts: their organisation or role ("Children's Social Care"). */
    organisation: text('organisation'),
    note: text('note'),
    misRowHash: text('mis_row_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: uuid('removed_by').references(() => users.id),
  },
  (t) => [
    foreignKey({
      name: 'student_contacts_student_fk',
      columns: [t.schoolId, t.studentId],
      foreignColumns: [students.schoolId, students.id],
    }),
    index('student_contacts_school_student_idx').on(t.schoolId, t.studentId),
    index('student_contacts_school_contact_idx').on(t.schoolId, t.misContactId),
    uniqueIndex('student_contacts_mis_key')
      .on(t.schoolId, t.studentId, t.misContactId)
      .where(sql`${t.source} = 'mis'`),
    check('student_contacts_mis_id', sql`(${t.source} = 'mis') = (${t.misContactId} is not null)`),
    schoolIsolation(t.schoolId),
  ],
);

/**
 * One attendance mark per pupil, date and session, as the MIS recorded it. Meaning comes from lib/attendance/codes.ts.
 *
 * school_id has no foreign key of its own: (school_id, student_id) references
 * the pupil, whose school_id references schools, so no mark can name a school
 * that does not exist. A second check on every mark was a sixth of the
 * database's work in a year's import (docs/ARCHITECTURE.md, Importer).
 */
export const attendanceMarks = pgTable(
  'attendance_marks',
  {
    schoolId: schoolIdColumn(),
    studentId: uuid('student_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    session: text('session', { enum: ['AM', 'PM'] }).notNull(),
    code: text('code').notNull(),
  },
  (t) => [
    primaryKey({ name: 'attendance_marks_pkey', columns: [t.schoolId, t.studentId, t.date, t.session] }),
    foreignKey({
      name: 'attendance_marks_student_fk',
      columns: [t.schoolId, t.studentId],
      foreignColumns: [students.schoolId, students.id],
    }),
    schoolIsolation(t.schoolId),
  ],
);

/**
 * A period during which a pupil was monitored in a category. Ending monitoring
 * sets `ended_on`; starting again adds a new period, so the history is whole.
 */
export const monitoringPeriods = pgTable(
  'monitoring_periods',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    categoryId: uuid('category_id').notNull(),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    /** Who or what started it: a person on the profile, bulk update, or (later) an incident. */
    startedVia: text('started_via', { enum: ['profile', 'bulk', 'incident'] }).notNull(),
    startedBy: uuid('started_by').references(() => users.id),
    startedByIncidentId: uuid('started_by_incident_id'),
    endedOn: date('ended_on', { mode: 'string' }),
    endedVia: text('ended_via', { enum: ['profile', 'bulk'] }),
    endedBy: uuid('ended_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'monitoring_periods_student_fk',
      columns: [t.schoolId, t.studentId],
      foreignColumns: [students.schoolId, students.id],
    }),
    foreignKey({
      name: 'monitoring_periods_category_fk',
      columns: [t.schoolId, t.categoryId],
      foreignColumns: [categories.schoolId, categories.id],
    }),
    uniqueIndex('monitoring_periods_live_key')
      .on(t.schoolId, t.studentId, t.categoryId)
      .where(sql`${t.endedOn} is null`),
    index('monitoring_periods_school_category_idx').on(t.schoolId, t.categoryId),
    check('monitoring_periods_end_after_start', sql`${t.endedOn} is null or ${t.endedOn} >= ${t.startedOn}`),
    schoolIsolation(t.schoolId),
  ],
);

/** Staff alerted automatically about every incident for this pupil (Edit information). */
export const studentAlertStaff = pgTable(
  'student_alert_staff',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    studentId: uuid('student_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: uuid('removed_by').references(() => users.id),
  },
  (t) => [
    foreignKey({
      name: 'student_alert_staff_student_fk',
      columns: [t.schoolId, t.studentId],
      foreignColumns: [students.schoolId, students.id],
    }),
    uniqueIndex('student_alert_staff_live_key')
      .on(t.schoolId, t.studentId, t.userId)
      .where(sql`${t.removedAt} is null`),
    schoolIsolation(t.schoolId),
  ],
);
