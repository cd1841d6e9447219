/**
 * zod inputs of the admin services and their forms. Every object is strict:
 * an unexpected field is refused, so a form cannot set what it does not show.
 * Multi-valued fields (checkbox sets, chosen people) arrive as one
 * comma-separated string (see app/(school)/(signed-in)/admin/form-data.ts).
 */
import { z } from 'zod';
import { SYSTEM_PERMISSIONS } from '@/lib/tenancy/permissions';
import { CATEGORY_RIGHTS, type CategoryRight } from './labels';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter an email address.')
  .max(320, 'That address is too long.')
  .pipe(z.email('Enter a valid email address.'));

const displayName = z.string().trim().min(1, 'Enter their name.').max(120, 'Use at most 120 characters.');
const userId = z.uuid('That user could not be found.');
const userGroupId = z.uuid('Choose a user group.');

/**
 * A list sent as one comma-separated string: blanks dropped, duplicates
 * merged. An array is accepted too and parses to the same result, so a
 * service may parse what its form action already parsed.
 */
export function commaList<T extends z.ZodType<string, string>>(item: T, max: number, tooMany: string) {
  return z.preprocess(
    (v) => (Array.isArray(v) ? v.join(',') : (v ?? '')),
    z
      .string()
      .max(max * 80)
      .transform((s) => [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ])
      .pipe(z.array(item).max(max, tooMany)),
  );
}

export const newUserInput = z.strictObject({ displayName, email, userGroupId });
export const changeGroupInput = z.strictObject({ userId, userGroupId });
export const changeEmailInput = z.strictObject({ userId, email });
export const userRefInput = z.strictObject({ userId });
/** Reactivation may change the address and the group at the same time; the form asks for both. */
export const reactivateUserInput = z.strictObject({
  userId,
  email: email.optional(),
  userGroupId: userGroupId.optional(),
});
export const reactivateUserForm = z.strictObject({ userId, email, userGroupId });
/** Where this school's alert emails go for the person: empty means their sign-in address. */
export const alertEmailInput = z.strictObject({
  userId,
  alertEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(320, 'That address is too long.')
    .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter a valid email address, or leave it empty.'),
});
export const removeKeysInput = z.strictObject({
  userId,
  understood: z.literal('on', { error: 'Tick the box to confirm you have read and understood the notice.' }),
});

const cellPattern = new RegExp(
  `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}:(${CATEGORY_RIGHTS.join('|')})$`,
);

export interface CategoryCell {
  categoryId: string;
  right: CategoryRight;
}

/** A ticked matrix cell, `<category id>:<right>`, as the schema has already checked it. */
export function parseCell(cell: string): CategoryCell {
  const [categoryId = '', right = ''] = cell.split(':');
  return { categoryId: categoryId.toLowerCase(), right: right as CategoryRight };
}

export const userGroupInput = z.strictObject({
  /** Present when editing an existing group. */
  groupId: z.uuid('That user group could not be found.').optional(),
  name: z.string().trim().min(1, 'Give the group a name.').max(60, 'Use at most 60 characters.'),
  description: z.string().trim().max(300, 'Use at most 300 characters.').default(''),
  permissions: commaList(
    z.enum(SYSTEM_PERMISSIONS, 'Unknown permission.'),
    SYSTEM_PERMISSIONS.length,
    'Too many permissions.',
  ),
  /** Ticked cells of the category matrix, each `<category id>:<right>`. */
  cells: commaList(
    z.string().regex(cellPattern, 'Unknown category permission.'),
    3000,
    'Too many category permissions.',
  ),
});

export const alertGroupInput = z.strictObject({
  /** Present when editing an existing alert group. */
  alertGroupId: z.uuid('That alert group could not be found.').optional(),
  name: z.string().trim().min(1, 'Give the alert group a name.').max(80, 'Use at most 80 characters.'),
  memberIds: commaList(z.uuid('Unknown person.'), 2000, 'Choose at most 2,000 people.'),
});

export const alertGroupRefInput = z.strictObject({ alertGroupId: z.uuid('That alert group could not be found.') });

/** List filters come from the address bar: anything malformed is simply no filter. */
export const memberFilterInput = z.strictObject({
  q: z.string().trim().max(100).optional().catch(undefined),
  groupId: z.uuid().optional().catch(undefined),
});
export type MemberFilter = z.input<typeof memberFilterInput>;

/** Audit pages: newest first, then older rows before the given row id. */
export const auditPageInput = z.strictObject({ before: z.uuid().optional().catch(undefined) });

/** A tutor or year group's name as the MIS spells it; it travels in the address bar, so it is bounded. */
const className = z.string().trim().min(1, 'That class could not be found.').max(60, 'That class could not be found.');

/** Admin → Class restrictions → a class: the people and the whole user groups who may see its pupils. */
export const classRestrictionInput = z.strictObject({
  groupName: className,
  memberIds: commaList(z.uuid('Unknown person.'), 2000, 'Choose at most 2,000 people.'),
  userGroupIds: commaList(z.uuid('Unknown user group.'), 100, 'Choose at most 100 user groups.'),
});

export const classRestrictionEverywhereInput = z.strictObject({ userGroupId });

/** "New user" from the MIS staff list: the staff row, the group, and an address when the MIS has none. */
export const newStaffUserInput = z.strictObject({
  misStaffId: z.uuid('Choose someone from the staff list.'),
  userGroupId,
  email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), email.optional()),
});

const groupNames = z.preprocess(
  (v) => (Array.isArray(v) ? v.join('\n') : (v ?? '')),
  z
    .string()
    .max(20_000)
    .transform((s) => [
      ...new Set(
        s
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().max(60, 'Unknown group.')).max(300, 'Choose at most 300 groups.')),
);

/** Admin → Users → a user → Alerts: alert them automatically by category, pupil, tutor or year group. */
export const alertRulesInput = z.strictObject({
  userId,
  categoryIds: commaList(z.uuid('Unknown category.'), 200, 'Choose at most 200 categories.'),
  studentIds: commaList(z.uuid('Unknown pupil.'), 500, 'Choose at most 500 pupils.'),
  /** Group names may contain commas, so they travel one per line. */
  tutorGroups: groupNames,
  yearGroups: groupNames,
});

export const clearAlertsInput = z.strictObject({
  userId,
  understood: z.literal('on', { error: 'Tick the box to confirm.' }),
});
