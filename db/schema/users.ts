import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';

/**
 * A person. One row per email across the whole deployment; what they may do in
 * a school comes from their membership there. Credentials and factors arrive
 * with the identity work and live in their own tables.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

/** A school's user group: the permissions its members hold there. */
export const userGroups = pgTable(
  'user_groups',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** System permissions (lib/access names them); per-category rows come with the permission engine. */
    permissions: jsonb('permissions').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('user_groups_school_name_key').on(t.schoolId, t.name), schoolIsolation(t.schoolId)],
);

/** A user's place in one school: group, status, school-specific alert email and MIS staff id. */
export const memberships = pgTable(
  'memberships',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    userGroupId: uuid('user_group_id')
      .notNull()
      .references(() => userGroups.id),
    status: text('status', { enum: ['active', 'deactivated'] }).notNull().default('active'),
    alertEmail: text('alert_email'),
    misStaffId: text('mis_staff_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('memberships_school_user_key').on(t.schoolId, t.userId),
    index('memberships_user_idx').on(t.userId),
    schoolIsolation(t.schoolId),
  ],
);
