import { sql } from 'drizzle-orm';
import { foreignKey, index, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';
import { users } from './users';

/**
 * Alert groups: named sets of staff that an alert can be sent to at once
 * ("Safeguarding team", "Heads of year"). Nothing here is ever deleted by the
 * app (it has no DELETE privilege): a group is archived, a member is marked
 * removed, and re-adding someone inserts a new row, so the history of who
 * received a group's alerts is kept.
 */
export const alertGroups = pgTable(
  'alert_groups',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Archived groups are no longer offered when raising an alert; past alerts keep their name. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    // Target of the composite foreign key below: a member row must stay inside its school,
    // which a plain FK on `id` would not guarantee (FK checks ignore row-level security).
    unique('alert_groups_school_id_key').on(t.schoolId, t.id),
    // Live names are unique ignoring case; an archived group frees its name.
    uniqueIndex('alert_groups_school_live_name_key')
      .on(t.schoolId, sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} is null`),
    schoolIsolation(t.schoolId),
  ],
);

/**
 * One person in one alert group. The admin service adds only people with a
 * membership of the school; removing someone sets `removed_at`.
 */
export const alertGroupMembers = pgTable(
  'alert_group_members',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    alertGroupId: uuid('alert_group_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({
      name: 'alert_group_members_alert_group_fk',
      columns: [t.schoolId, t.alertGroupId],
      foreignColumns: [alertGroups.schoolId, alertGroups.id],
    }),
    index('alert_group_members_school_group_idx').on(t.schoolId, t.alertGroupId),
    // "Which alert groups is this person in": who receives an alert sent to a group.
    index('alert_group_members_school_user_idx').on(t.schoolId, t.userId),
    uniqueIndex('alert_group_members_live_key')
      .on(t.schoolId, t.alertGroupId, t.userId)
      .where(sql`${t.removedAt} is null`),
    schoolIsolation(t.schoolId),
  ],
);
