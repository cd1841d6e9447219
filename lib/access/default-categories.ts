/**
 * What a new school starts with: categories (one level of sub-categories) and
 * each default user group's rights in them. Schools change both in Admin;
 * these only have to be a safe, sensible start.
 *
 * Default rights (sub-categories take their parent's):
 *
 * | group         | view students      | view incidents                                        | add incidents |
 * |---------------|--------------------|-------------------------------------------------------|---------------|
 * | DSL           | all                | all                                                   | all           |
 * | SLT           | all                | all                                                   | all           |
 * | Pastoral      | all except Prevent | all except Child Protection, Prevent, Domestic Abuse  | all           |
 * | Teachers      | none               | none                                                  | all           |
 * | Support staff | none               | none                                                  | all           |
 *
 * Pastoral staff need to know that a pupil is monitored for child protection
 * or domestic abuse to care for them, but the detail stays with the
 * safeguarding team; a Prevent concern is not shared at all by default.
 * Everyone may record a concern in any category: a disclosure must never be
 * lost because its category was not offered.
 */
import { lozengeTextColour, type LozengeTextColour } from './lozenge-colour';
import type { CategoryPermission } from './types';

export interface DefaultCategory {
  name: string;
  colour: string;
  textColour: LozengeTextColour;
  /** Sub-categories share their parent's colour, so a lozenge's family is visible at a glance. */
  children: readonly string[];
}

function category(name: string, colour: string, children: readonly string[] = []): DefaultCategory {
  return { name, colour, textColour: lozengeTextColour(colour), children };
}

/** In display order. Colours are pairwise distinct (CIE76 ΔE ≥ 20) and readable with their text colour (≥ 4.5:1). */
export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  category('Child Protection', '#b42318', ['Physical abuse', 'Emotional abuse', 'Sexual abuse', 'Neglect']),
  category('Safeguarding', '#f0b429', ['Child-on-child abuse', 'Exploitation']),
  category('Behaviour', '#1d4ed8'),
  category('Bullying', '#7e22ce', ['Cyberbullying', 'Racist', 'Homophobic']),
  category('Attendance', '#0f766e', ['Persistent absence', 'Child missing education']),
  category('Medical', '#15803d'),
  category('Mental Health', '#7dd3fc', ['Anxiety', 'Low mood']),
  category('Online Safety', '#d8b4fe', ['Sharing nudes and semi-nudes']),
  category('Prevent', '#78350f'),
  category('Family', '#fdba74', ['Bereavement', 'Parental separation']),
  category('Domestic Abuse', '#831843'),
  category('Self-harm', '#c0266d'),
  category('SEND', '#a3c75a'),
  category('Young Carer', '#99e2d0'),
  category('Other', '#475569'),
];

const ALL: CategoryPermission = { viewStudents: true, viewIncidents: true, addIncidents: true };
const ADD_ONLY: CategoryPermission = { viewStudents: false, viewIncidents: false, addIncidents: true };
const NONE: CategoryPermission = { viewStudents: false, viewIncidents: false, addIncidents: false };

export interface GroupCategoryDefaults {
  rights: CategoryPermission;
  /** Top-level category name → rights there (and in its sub-categories) instead. */
  except?: Readonly<Record<string, CategoryPermission>>;
}

/** Keyed by DEFAULT_USER_GROUPS names (lib/schools/defaults.ts); see the table above. */
export const DEFAULT_CATEGORY_PERMISSIONS: Readonly<Record<string, GroupCategoryDefaults>> = {
  DSL: { rights: ALL },
  SLT: { rights: ALL },
  Pastoral: {
    rights: ALL,
    except: {
      'Child Protection': { viewStudents: true, viewIncidents: false, addIncidents: true },
      'Domestic Abuse': { viewStudents: true, viewIncidents: false, addIncidents: true },
      Prevent: ADD_ONLY,
    },
  },
  Teachers: { rights: ADD_ONLY },
  'Support staff': { rights: ADD_ONLY },
};

/** A default group's rights in a default top-level category (or one of its sub-categories); nothing for other groups. */
export function defaultCategoryPermission(groupName: string, topLevelCategoryName: string): CategoryPermission {
  const defaults = DEFAULT_CATEGORY_PERMISSIONS[groupName];
  if (!defaults) return NONE;
  return defaults.except?.[topLevelCategoryName] ?? defaults.rights;
}

export interface PlannedCategory {
  id: string;
  parentId: string | null;
  name: string;
  colour: string;
  sortOrder: number;
}

/** The default categories as rows for a new school, parents before children. */
export function planDefaultCategories(newId: () => string): PlannedCategory[] {
  const rows: PlannedCategory[] = [];
  DEFAULT_CATEGORIES.forEach((top, i) => {
    const parent: PlannedCategory = { id: newId(), parentId: null, name: top.name, colour: top.colour, sortOrder: i };
    rows.push(parent);
    top.children.forEach((name, j) =>
      rows.push({ id: newId(), parentId: parent.id, name, colour: top.colour, sortOrder: j }),
    );
  });
  return rows;
}

export interface PlannedCategoryPermission extends CategoryPermission {
  userGroupId: string;
  categoryId: string;
}

/** Permission rows for the given groups over planned categories; rows granting nothing are left out. */
export function planDefaultCategoryPermissions(
  groups: readonly { id: string; name: string }[],
  planned: readonly PlannedCategory[],
): PlannedCategoryPermission[] {
  const byId = new Map(planned.map((c) => [c.id, c]));
  const topName = (c: PlannedCategory) => (c.parentId ? (byId.get(c.parentId)?.name ?? c.name) : c.name);
  const rows: PlannedCategoryPermission[] = [];
  for (const group of groups) {
    for (const c of planned) {
      const rights = defaultCategoryPermission(group.name, topName(c));
      if (rights.viewStudents || rights.viewIncidents || rights.addIncidents) {
        rows.push({ userGroupId: group.id, categoryId: c.id, ...rights });
      }
    }
  }
  return rows;
}
