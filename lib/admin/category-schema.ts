/**
 * zod inputs of Admin → Categories. Strict objects, like every admin input: a
 * form cannot set what it does not show. Pure.
 */
import { z } from 'zod';
import { CATEGORY_RIGHTS, type CategoryRight } from './labels';
import { commaList } from './schema';

const categoryId = z.uuid('That category could not be found.');

export const categoryName = z.string().trim().min(1, 'Give the category a name.').max(60, 'Use at most 60 characters.');

/** `#rrggbb`, stored lower case (the database checks the same shape). */
export const categoryColour = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'Choose a colour, written like #1d4ed8.')
  .transform((c) => c.toLowerCase());

/** A blank choice is no parent (a top-level category). */
const optionalParent = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.uuid('Choose a parent from the list.').optional(),
);

const rightPattern = new RegExp(
  `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}:(${CATEGORY_RIGHTS.join('|')})$`,
);

export interface GroupRightCell {
  userGroupId: string;
  right: CategoryRight;
}

/** A ticked cell of the new category's permission grid, `<user group id>:<right>`, as the schema checked it. */
export function parseGroupRight(cell: string): GroupRightCell {
  const [userGroupId = '', right = ''] = cell.split(':');
  return { userGroupId: userGroupId.toLowerCase(), right: right as CategoryRight };
}

export const newCategoryInput = z.strictObject({
  name: categoryName,
  colour: categoryColour,
  parentId: optionalParent,
  /** Ticked cells of the grid: what each user group may do in the new category. */
  rights: commaList(z.string().regex(rightPattern, 'Unknown permission.'), 600, 'Too many permissions.'),
});

export const renameCategoryInput = z.strictObject({ categoryId, name: categoryName, colour: categoryColour });

export const categoryRefInput = z.strictObject({ categoryId });

export interface MergeCounts {
  incidents: number;
  actions: number;
  /** Incidents or actions that were already in the target: nothing moved, nothing doubled. */
  alreadyInTarget: number;
  monitoringPeriods: number;
  /** Periods folded into an overlapping period of the same pupil in the target. */
  monitoringFolded: number;
  alertRules: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a merge moved, as the page says it (after merging, and on the merged category's page). */
export function mergeSummary(c: MergeCounts): string {
  const moved = [
    plural(c.incidents, 'incident'),
    plural(c.actions, 'action'),
    plural(c.monitoringPeriods, 'monitoring period'),
  ];
  const extra = [
    c.alreadyInTarget > 0 ? `${plural(c.alreadyInTarget, 'record')} already in both kept once` : null,
    c.monitoringFolded > 0 ? `${plural(c.monitoringFolded, 'overlapping period')} joined with the target’s` : null,
  ].filter(Boolean);
  return `Merged: ${moved.join(', ')} moved.${extra.length ? ` ${extra.join('; ')}.` : ''}`;
}

export const mergeCategoryInput = z.strictObject({
  categoryId,
  targetId: z.uuid('Choose the category to merge into.'),
  /** The category's name typed again: a merge cannot be undone. */
  confirmName: z.string().trim().max(200, 'Type the category’s name exactly.'),
});
