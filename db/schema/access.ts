import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';
import { userGroups, users } from './users';

/**
 * The tables the permission engine (lib/access) reads: categories, what each
 * user group may do in each category, and who may see which tutor or year
 * group when the school restricts by class. Nothing here is ever deleted by the
 * app (it has no DELETE privilege): categories are archived, permission rows are
 * switched off, restriction members are marked removed.
 */

/**
 * A school's incident and monitoring categories, one level of sub-categories.
 * Archived categories take no new incidents but stay in history and reports.
 */
export const categories = pgTable(
  'categories',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** Null for a top-level category; the parent must itself be top-level (checked by the admin service). */
    parentId: uuid('parent_id'),
    /** `#rrggbb`, lower case, the lozenge background; the text colour is derived (lib/access/lozenge-colour.ts). */
    colour: text('colour').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Disabled ("archived"): no new incidents or monitoring; still shown in history, reports and filters. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /**
     * Came with a pupil's records from another school (transfers): shown
     * disabled with no permissions until an administrator decides what it is.
     */
    legacy: boolean('legacy').notNull().default(false),
    /** Set when merged into another category (then also disabled): everything it held moved there. */
    mergedIntoId: uuid('merged_into_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Target of the composite foreign keys below: a reference must stay inside its school,
    // which a plain FK on `id` would not guarantee (FK checks ignore row-level security).
    unique('categories_school_id_key').on(t.schoolId, t.id),
    foreignKey({ name: 'categories_parent_fk', columns: [t.schoolId, t.parentId], foreignColumns: [t.schoolId, t.id] }),
    foreignKey({
      name: 'categories_merged_into_fk',
      columns: [t.schoolId, t.mergedIntoId],
      foreignColumns: [t.schoolId, t.id],
    }),
    check('categories_merged_is_archived', sql`${t.mergedIntoId} is null or ${t.archivedAt} is not null`),
    // Names are unique among siblings, ignoring case; NULL parents never compare equal,
    // so top-level names need their own partial index.
    uniqueIndex('categories_school_top_name_key')
      .on(t.schoolId, sql`lower(${t.name})`)
      .where(sql`${t.parentId} is null`),
    uniqueIndex('categories_school_sub_name_key')
      .on(t.schoolId, t.parentId, sql`lower(${t.name})`)
      .where(sql`${t.parentId} is not null`),
    check('categories_colour_hex', sql`${t.colour} ~ '^#[0-9a-f]{6}$'`),
    check('categories_parent_not_self', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
    schoolIsolation(t.schoolId),
  ],
);

/**
 * A user group's rights in one category. A missing row means no rights; the
 * admin switches rights off by updating the row, never by deleting it.
 */
export const userGroupCategoryPermissions = pgTable(
  'user_group_category_permissions',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    userGroupId: uuid('user_group_id')
      .notNull()
      .references(() => userGroups.id),
    categoryId: uuid('category_id').notNull(),
    viewStudents: boolean('view_students').notNull().default(false),
    viewIncidents: boolean('view_incidents').notNull().default(false),
    addIncidents: boolean('add_incidents').notNull().default(false),
  },
  (t) => [
    primaryKey({ name: 'user_group_category_permissions_pkey', columns: [t.schoolId, t.userGroupId, t.categoryId] }),
    foreignKey({
      name: 'user_group_category_permissions_category_fk',
      columns: [t.schoolId, t.categoryId],
      foreignColumns: [categories.schoolId, categories.id],
    }),
    index('user_group_category_permissions_category_idx').on(t.schoolId, t.categoryId),
    schoolIsolation(t.schoolId),
  ],
);

/**
 * Who may see the pupils of a tutor or year group when the school restricts key
 * holders by class (setting `classRestrictions`). Each row names one person or
 * one whole user group. Removing someone sets `removed_at`; re-adding inserts a
 * new row, so the history of who could see a class is kept.
 */
export const classRestrictionMembers = pgTable(
  'class_restriction_members',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    groupKind: text('group_kind', { enum: ['tutor', 'year'] }).notNull(),
    /** The MIS group name exactly as imported (`7A`, `Year 7`). */
    groupName: text('group_name').notNull(),
    userId: uuid('user_id').references(() => users.id),
    userGroupId: uuid('user_group_id').references(() => userGroups.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    check('class_restriction_members_one_member', sql`num_nonnulls(${t.userId}, ${t.userGroupId}) = 1`),
    index('class_restriction_members_school_group_idx').on(t.schoolId, t.groupKind, t.groupName),
    // The per-request lookup: "which groups is this user listed for, directly or through their group".
    index('class_restriction_members_school_user_idx').on(t.schoolId, t.userId),
    index('class_restriction_members_school_user_group_idx').on(t.schoolId, t.userGroupId),
    uniqueIndex('class_restriction_members_live_user_key')
      .on(t.schoolId, t.groupKind, t.groupName, t.userId)
      .where(sql`${t.removedAt} is null and ${t.userId} is not null`),
    uniqueIndex('class_restriction_members_live_user_group_key')
      .on(t.schoolId, t.groupKind, t.groupName, t.userGroupId)
      .where(sql`${t.removedAt} is null and ${t.userGroupId} is not null`),
    schoolIsolation(t.schoolId),
  ],
);
