/**
 * The school's category order, as every list of categories with their
 * sub-categories shows it (the profile's lozenges and history, the lozenges in
 * lists of pupils, the category filter): top-level categories by their sort
 * order, then name, each followed by its own sub-categories in theirs. The
 * parent's id keeps a family together even when two top-level categories share
 * an order and a name.
 */
import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { categories } from '@/db/schema';

/** A category's parent: left-join it on `parentCategoryJoin` before ordering by `categoryFamilyOrder`. */
export const parentCategory = alias(categories, 'parent_category');

export const parentCategoryJoin = and(
  eq(parentCategory.schoolId, categories.schoolId),
  eq(parentCategory.id, categories.parentId),
);

export function categoryFamilyOrder() {
  return [
    asc(sql`coalesce(${parentCategory.sortOrder}, ${categories.sortOrder})`),
    asc(sql`coalesce(${parentCategory.name}, ${categories.name})`),
    asc(sql`coalesce(${parentCategory.id}, ${categories.id})`),
    asc(sql`${categories.parentId} is not null`),
    asc(categories.sortOrder),
    asc(categories.name),
  ];
}
