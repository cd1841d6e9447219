/**
 * Words the admin pages show for stored names. Typed as complete records, so a
 * permission added to lib/schools/defaults.ts cannot reach the page unlabelled.
 */
import type { SystemPermission } from '@/lib/schools/defaults';

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

/** Audit actions as a person reads them; an action not listed here is shown as stored. */
const ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.signed_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'auth.sign_in_throttled': 'Sign-in slowed down after failures',
  'auth.signed_out': 'Signed out',
  'auth.elevated': 'Elevated with key',
  'auth.elevation_failed': 'Key code refused',
  'auth.totp_replay_refused': 'Reused key code refused',
  'auth.key_added': 'Key added',
  'auth.key_removed': 'Key removed',
  'auth.password_reset_requested': 'Password link requested',
  'auth.password_changed': 'Password changed',
  'admin.user_added': 'User added',
  'admin.user_group_changed': 'User group changed',
  'admin.user_email_changed': 'Email address changed',
  'admin.user_deactivated': 'User deactivated',
  'admin.user_reactivated': 'User reactivated',
  'admin.keys_removed': 'All 2FA devices removed by an administrator',
  'admin.group_created': 'User group created',
  'admin.group_updated': 'User group renamed or described',
  'admin.group_permissions_changed': 'User group permissions changed',
  'admin.alert_group_created': 'Alert group created',
  'admin.alert_group_updated': 'Alert group changed',
  'admin.alert_group_archived': 'Alert group archived',
};

export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}
