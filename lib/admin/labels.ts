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
  'auth.school_switch_refused': 'Switch from another school refused: opened in a different browser',
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
  'admin.alert_rules_changed': 'Alert rules changed',
  'admin.alerts_cleared': 'Alert rules cleared',
  'admin.class_restriction_changed': 'Class restriction changed',
  'admin.password_link_sent': 'Password link sent',
  'admin.settings_changed': 'School settings changed',
  'admin.training_mode_enabled': 'Training mode switched on',
  'admin.training_mode_disabled': 'Training mode switched off',
  'admin.training_records_viewed': 'Training records viewed',
  'mis.import_run': 'MIS import',
  // Pupils' records: what kind of thing was done, never to which record (that is for those who may see it).
  'student.viewed': 'Opened a pupil’s record',
  'student.profile_updated': 'Changed a pupil’s information',
  'student.alert_staff_added': 'Changed who is alerted about a pupil',
  'student.alert_staff_removed': 'Changed who is alerted about a pupil',
  'student.link_added': 'Linked two pupils',
  'student.link_removed': 'Removed a link between pupils',
  'student.contact_added': 'Added a pupil’s contact',
  'student.contact_updated': 'Edited a pupil’s contact',
  'student.contact_removed': 'Removed a pupil’s contact',
  'monitoring.started': 'Started monitoring a pupil',
  'monitoring.ended': 'Stopped monitoring a pupil',
  'monitoring.bulk_updated': 'Updated monitoring from a class list',
  'incident.created': 'Added an incident',
  'incident.viewed': 'Opened an incident',
  'incident.chronology_viewed': 'Read a chronology',
  'incident.edited': 'Edited an incident',
  'incident.deleted': 'Deleted an incident',
  'incident.restored': 'Restored an incident',
  'incident.pinned': 'Pinned an incident',
  'incident.unpinned': 'Unpinned an incident',
  'incident.history_viewed': 'Viewed an incident’s history',
  'incident.merged': 'Merged incidents',
  'incident.printed': 'Printed an incident',
  'incident.training_kept': 'Kept a training incident',
  'action.created': 'Added an action',
  'action.deleted': 'Deleted an action',
  'action.restored': 'Restored an action',
  'action.split': 'Made an action into an incident',
  'action.added_to_linked': 'Added an action to a linked incident',
  'action.training_kept': 'Kept a training action',
  'alert.read': 'Read an alert',
};

export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}
