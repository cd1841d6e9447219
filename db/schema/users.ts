import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgPolicy, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appRole, currentUserId, schoolIdColumn, schoolIsolation } from './_tenancy';
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
    /** argon2id (lib/auth/password.ts); null until the person sets a password from their link. */
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    // People are visible to a school only through a membership there (memberships
    // is itself limited to the transaction's school), or as the signed-in user.
    pgPolicy('users_visible', {
      as: 'permissive',
      for: 'select',
      to: appRole,
      using: sql`exists (select 1 from memberships m where m.user_id = ${t.id}) or ${t.id} = ${currentUserId}`,
    }),
    pgPolicy('users_update', {
      as: 'permissive',
      for: 'update',
      to: appRole,
      using: sql`exists (select 1 from memberships m where m.user_id = ${t.id}) or ${t.id} = ${currentUserId}`,
    }),
    // Signing in on the root domain finds the person by email before any school
    // is known: only in a transaction opened for exactly that lookup
    // (db/scoped.ts inSignInLookup), and only the row with that address.
    pgPolicy('users_sign_in_lookup', {
      as: 'permissive',
      for: 'select',
      to: appRole,
      using: sql`(select current_setting('app.scope', true)) = 'sign-in-lookup' and lower(${t.email}) = (select current_setting('app.sign_in_email', true))`,
    }),
    // A school adds a person and their membership in one transaction.
    pgPolicy('users_insert', { as: 'permissive', for: 'insert', to: appRole, withCheck: sql`true` }),
  ],
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
    permissions: jsonb('permissions')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
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
    status: text('status', { enum: ['active', 'deactivated'] })
      .notNull()
      .default('active'),
    alertEmail: text('alert_email'),
    misStaffId: text('mis_staff_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('memberships_school_user_key').on(t.schoolId, t.userId),
    index('memberships_user_idx').on(t.userId),
    schoolIsolation(t.schoolId),
    // The school switcher lists the signed-in person's own schools. Only in a
    // transaction opened for exactly that (db/scoped.ts inOwnMemberships).
    pgPolicy('own_memberships_for_switcher', {
      as: 'permissive',
      for: 'select',
      to: appRole,
      using: sql`${t.userId} = ${currentUserId} and (select current_setting('app.scope', true)) = 'own-memberships'`,
    }),
  ],
);
