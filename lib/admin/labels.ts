/**
 * Words the admin pages show for stored names. Typed as complete records, so a
 * permission added to lib/schools/defaults.ts cannot reach the page unlabelled.
 */
import type { SystemPermission } from '@/lib/access';

export const SYSTEM_PERMISSION_LABELS: Readonly<Record<SystemPermission, { label: string; hint?: string }>> = {
  'students.list': { label: 'View student list' },
  'students.details': { label: 'View student details' },
  'incidents.add': { label: 'Add incidents and actions', hint: 'Works without a key.' },
  'incidents.edit': { label: 'Edit and delete incidents' },
  'reports.run': { label: 'Run reports' },
  planner: { label: 'Planner' },
  files: { label: 'Files (document vault)' },
  'library.view': { label: 'View library', hint: 'Works without a key.' },
  'library.add': { label: 'Add to library' },
  administration: { label: 'Administration', hint: 'Users, groups and school settings.' },
  'students.ungrouped': { label: 'View students without a group', hint: 'Typically archived pupils.' },
};

export const CATEGORY_RIGHTS = ['viewStudents', 'viewIncidents', 'addIncidents'] as const;
export type CategoryRight = (typeof CATEGORY_RIGHTS)[number];

export const CATEGORY_RIGHT_LABELS: Readonly<Record<CategoryRight, string>> = {
  viewStudents: 'View students',
  viewIncidents: 'View incidents',
  addIncidents: 'Add incidents',
};
