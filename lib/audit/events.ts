/**
 * Every kind of row the audit log holds: its stored name, the kind of record
 * it is about (`entity_type`, null when it is about none), and the words a
 * person reads for it. The writer (./write.ts) accepts only these names, so an
 * event cannot be written without a label, nor with another event's entity.
 *
 * Labels name what kind of thing was done. For pupils' records they never say
 * to which record: which pupil, incident or category is for those who may see
 * it (the Audit tab's sentences, lib/profile/audit-sentences.ts).
 *
 * Pure module: safe anywhere.
 */

export type AuditEntity =
  | 'user'
  | 'user_group'
  | 'alert_group'
  | 'school'
  | 'import_run'
  | 'student'
  | 'incident'
  | 'action'
  | 'category'
  | 'agency'
  | 'map'
  | 'saved_report'
  | 'library_document'
  | 'planner_event'
  | 'support_request'
  | 'transfer';

interface AuditEventSpec {
  readonly entity: AuditEntity | null;
  readonly label: string;
}

export const AUDIT_EVENTS = {
  // Sign-in and keys (lib/auth): about the person, when the address was known.
  'auth.signed_in': { entity: 'user', label: 'Signed in' },
  'auth.sign_in_failed': { entity: 'user', label: 'Sign-in failed' },
  'auth.sso_accepted': { entity: 'user', label: 'Microsoft or Google sign-in accepted' },
  'auth.sign_in_throttled': { entity: 'user', label: 'Sign-in slowed down after failures' },
  'auth.signed_out': { entity: 'user', label: 'Signed out' },
  'auth.elevated': { entity: 'user', label: 'Elevated with key' },
  'auth.elevation_failed': { entity: 'user', label: 'Key code refused' },
  'auth.elevation_throttled': { entity: 'user', label: 'Key use slowed down after failures' },
  'auth.signed_out_after_key_failures': { entity: 'user', label: 'Signed out after too many key failures' },
  'auth.key_failures_emailed': { entity: 'user', label: 'Emailed about key failures' },
  'auth.totp_replay_refused': { entity: 'user', label: 'Reused key code refused' },
  'auth.key_added': { entity: 'user', label: 'Key added' },
  'auth.key_removed': { entity: 'user', label: 'Key removed' },
  'auth.password_reset_requested': { entity: 'user', label: 'Password link requested' },
  'auth.password_reset_limited': { entity: 'user', label: 'Password link request refused (too many)' },
  'auth.password_changed': { entity: 'user', label: 'Password changed' },
  'auth.school_switch_refused': {
    entity: 'user',
    label: 'Switch from another school refused: opened in a different browser',
  },

  // Administration (lib/admin, the importer's staff deactivation, support's commands).
  'admin.user_added': { entity: 'user', label: 'User added' },
  'admin.user_group_changed': { entity: 'user', label: 'User group changed' },
  'admin.user_email_changed': { entity: 'user', label: 'Email address changed' },
  'admin.user_deactivated': { entity: 'user', label: 'User deactivated' },
  'admin.user_reactivated': { entity: 'user', label: 'User reactivated' },
  'admin.user_alert_email_changed': { entity: 'user', label: 'Alert email changed' },
  'admin.keys_removed': { entity: 'user', label: 'All 2FA devices removed by an administrator' },
  'admin.password_link_sent': { entity: 'user', label: 'Password link sent' },
  'admin.settings_changed': { entity: 'school', label: 'School settings changed' },
  'admin.logo_changed': { entity: 'school', label: 'School logo uploaded' },
  'admin.logo_removed': { entity: 'school', label: 'School logo removed' },
  'admin.calendar_year_added': { entity: 'school', label: 'Academic year added to the calendar' },
  'admin.calendar_year_changed': { entity: 'school', label: 'Academic year changed in the calendar' },
  'admin.calendar_year_removed': { entity: 'school', label: 'Academic year removed from the calendar' },
  'admin.group_created': { entity: 'user_group', label: 'User group created' },
  'admin.group_updated': { entity: 'user_group', label: 'User group renamed or described' },
  'admin.group_permissions_changed': { entity: 'user_group', label: 'User group permissions changed' },
  'admin.alert_group_created': { entity: 'alert_group', label: 'Alert group created' },
  'admin.alert_group_updated': { entity: 'alert_group', label: 'Alert group changed' },
  'admin.alert_group_archived': { entity: 'alert_group', label: 'Alert group archived' },
  'admin.class_restriction_changed': { entity: 'school', label: 'Class restriction changed' },
  'admin.alert_rules_changed': { entity: 'user', label: 'Alert rules changed' },
  'admin.alerts_cleared': { entity: 'user', label: 'Alert rules cleared' },
  'admin.category_created': { entity: 'category', label: 'Category created' },
  'admin.category_renamed': { entity: 'category', label: 'Category renamed or recoloured' },
  'admin.category_disabled': { entity: 'category', label: 'Category disabled' },
  'admin.category_enabled': { entity: 'category', label: 'Category enabled' },
  'admin.category_deleted': { entity: 'category', label: 'Unused category deleted' },
  'admin.category_merged': { entity: 'category', label: 'Category merged into another' },
  'admin.agency_created': { entity: 'agency', label: 'Agency added' },
  'admin.agency_renamed': { entity: 'agency', label: 'Agency renamed' },
  'admin.agency_disabled': { entity: 'agency', label: 'Agency disabled' },
  'admin.agency_enabled': { entity: 'agency', label: 'Agency enabled' },
  'admin.training_mode_enabled': { entity: 'school', label: 'Training mode switched on' },
  'admin.training_records_viewed': { entity: 'school', label: 'Training records viewed' },
  'admin.training_mode_disabled': { entity: 'school', label: 'Training mode switched off' },
  // The form builder: the school is the record; the form and the field are in the details.
  'admin.form_field_moved': { entity: 'school', label: 'Form field moved' },
  'admin.form_advice_changed': { entity: 'school', label: 'Form field advice changed' },
  'admin.form_field_added': { entity: 'school', label: 'Custom form field added' },
  'admin.form_field_changed': { entity: 'school', label: 'Custom form field changed' },
  'admin.form_field_deleted': { entity: 'school', label: 'Custom form field deleted' },
  'admin.map_added': { entity: 'map', label: 'Map uploaded' },
  'admin.map_disabled': { entity: 'map', label: 'Map disabled' },
  'admin.map_enabled': { entity: 'map', label: 'Map enabled' },
  'admin.map_moved': { entity: 'map', label: 'Map moved in the order' },
  'admin.map_renamed': { entity: 'map', label: 'Map renamed' },
  // The built-in body maps are not rows: the school is the record, the map's id is in the details.
  'admin.builtin_map_disabled': { entity: 'school', label: 'Body map disabled' },
  'admin.builtin_map_enabled': { entity: 'school', label: 'Body map enabled' },

  // The platform and the importer.
  'school.created': { entity: 'school', label: 'School created' },
  // The deployment's operators, from the platform console (each also in the platform's own log).
  'platform.school_disabled': { entity: 'school', label: 'School made unavailable by Haven support' },
  'platform.school_enabled': { entity: 'school', label: 'School made available again by Haven support' },
  'platform.support_answered': { entity: 'support_request', label: 'Haven support answered a support request' },
  'platform.support_closed': { entity: 'support_request', label: 'Haven support closed a support request' },
  'platform.keys_removed': { entity: 'user', label: 'All 2FA devices removed by Haven support' },
  // "Contact support": about the request; its words are in the request, not here.
  'support.request_sent': { entity: 'support_request', label: 'Sent a request to Haven support' },
  // Transfers between schools (lib/transfers): written in both schools' logs; which pupil is on the transfer.
  'transfer.requested': { entity: 'transfer', label: 'Child protection file transfer requested' },
  'transfer.declined': { entity: 'transfer', label: 'Child protection file transfer declined' },
  'transfer.authorised': { entity: 'transfer', label: 'Child protection file transfer authorised' },
  'transfer.transferred': { entity: 'transfer', label: 'Child protection file transferred' },
  'transfer.receipt_confirmed': { entity: 'transfer', label: 'Receipt of a child protection file confirmed' },
  'transfer.preferences_changed': { entity: 'school', label: 'Transfer preferences changed' },
  'mis.import_run': { entity: 'import_run', label: 'MIS import' },

  // Pupils' records: every row carries the pupil in details.studentId (./record.ts).
  'student.viewed': { entity: 'student', label: 'Opened a pupil’s record' },
  'student.profile_updated': { entity: 'student', label: 'Changed a pupil’s information' },
  'student.alert_staff_added': { entity: 'student', label: 'Changed who is alerted about a pupil' },
  'student.alert_staff_removed': { entity: 'student', label: 'Changed who is alerted about a pupil' },
  'student.link_added': { entity: 'student', label: 'Linked two pupils' },
  'student.link_removed': { entity: 'student', label: 'Removed a link between pupils' },
  'student.contact_added': { entity: 'student', label: 'Added a pupil’s contact' },
  'student.contact_updated': { entity: 'student', label: 'Edited a pupil’s contact' },
  'student.contact_removed': { entity: 'student', label: 'Removed a pupil’s contact' },
  // A pupil's Document vault: the pupil is the record, the document's id is in the details.
  'document.uploaded': { entity: 'student', label: 'Added a document to a pupil’s vault' },
  'document.viewed': { entity: 'student', label: 'Opened or downloaded a document' },
  'document.zip_downloaded': { entity: 'student', label: 'Downloaded documents as a zip' },
  'document.deleted': { entity: 'student', label: 'Deleted a document' },
  'document.restored': { entity: 'student', label: 'Restored a document' },
  'document.virus_refused': { entity: 'student', label: 'A document was refused: it contains a virus' },
  'attachment.virus_refused': {
    entity: null,
    label: 'A file for an incident or action was refused: it contains a virus',
  },
  // A file sent from an incident or action form before it is saved: about no record until the save claims it.
  'attachment.uploaded': { entity: null, label: 'Sent a file to attach to an incident or action' },
  'attachment.upload_refused': {
    entity: null,
    label: 'A file to attach was refused: too many or too large files waiting, or too many sent',
  },
  'document.alert_sent': { entity: 'student', label: 'Alerted staff to a document' },
  'document.alert_read': { entity: 'student', label: 'Read an alert about a document' },
  // Transfers between schools: about the pupil; counts and category ids in the details.
  'transfer.records_sent': { entity: 'student', label: 'Sent a pupil’s records to their new school' },
  'transfer.records_received': { entity: 'student', label: 'Received a pupil’s records from their previous school' },
  'monitoring.started': { entity: 'student', label: 'Started monitoring a pupil' },
  'monitoring.ended': { entity: 'student', label: 'Stopped monitoring a pupil' },
  // One row for the whole request, beside a row per pupil changed: about no one record.
  'monitoring.bulk_updated': { entity: null, label: 'Updated monitoring from a class list' },
  'incident.created': { entity: 'incident', label: 'Added an incident' },
  'incident.viewed': { entity: 'incident', label: 'Opened an incident' },
  // About the pupil whose chronology was read.
  'incident.chronology_viewed': { entity: 'student', label: 'Read a chronology' },
  'incident.edited': { entity: 'incident', label: 'Edited an incident' },
  'incident.deleted': { entity: 'incident', label: 'Deleted an incident' },
  'incident.restored': { entity: 'incident', label: 'Restored an incident' },
  'incident.pinned': { entity: 'incident', label: 'Pinned an incident' },
  'incident.unpinned': { entity: 'incident', label: 'Unpinned an incident' },
  'incident.history_viewed': { entity: 'incident', label: 'Viewed an incident’s history' },
  'incident.merged': { entity: 'incident', label: 'Merged incidents' },
  'incident.printed': { entity: 'incident', label: 'Printed an incident' },
  'incident.training_kept': { entity: 'incident', label: 'Kept a training incident' },
  'action.created': { entity: 'action', label: 'Added an action' },
  'action.edited': { entity: 'action', label: 'Edited an action' },
  'action.history_viewed': { entity: 'action', label: 'Viewed an action’s history' },
  'action.deleted': { entity: 'action', label: 'Deleted an action' },
  'action.restored': { entity: 'action', label: 'Restored an action' },
  'action.split': { entity: 'action', label: 'Made an action into an incident' },
  'action.added_to_linked': { entity: 'action', label: 'Added an action to a linked incident' },
  'action.training_kept': { entity: 'action', label: 'Kept a training action' },
  // About the incident the alert was for.
  'alert.read': { entity: 'incident', label: 'Read an alert' },

  // Reporting (lib/reports): counts over many records, about none of them; the definition is in the details.
  'report.run': { entity: null, label: 'Ran a report' },
  // A report downloaded as a file; its format is in the details with the definition.
  'report.export': { entity: null, label: 'Exported a report' },
  // Saved reports: about the stored definition (its title and definition in the details), never its results.
  // The school's library (lib/library): about the file, never a pupil.
  'library.document_uploaded': { entity: 'library_document', label: 'Added a file to the library' },
  'library.document_viewed': { entity: 'library_document', label: 'Opened or downloaded a library file' },
  'library.document_deleted': { entity: 'library_document', label: 'Deleted a library file' },
  'library.document_restored': { entity: 'library_document', label: 'Restored a library file' },
  // By Haven's operators only, of a file the school had deleted: its id, size and the reason, never its name.
  'library.document_purged': { entity: 'library_document', label: 'Removed a deleted library file for good' },
  'library.virus_refused': { entity: null, label: 'A library file was refused: it contains a virus' },
  'library.alert_sent': { entity: 'library_document', label: 'Alerted staff to a library file' },
  'library.document_understood': {
    entity: 'library_document',
    label: 'Marked a library file as read and understood',
  },
  'library.read_by_viewed': { entity: 'library_document', label: 'Looked at who has read a library file' },
  'library.read_by_downloaded': {
    entity: 'library_document',
    label: 'Downloaded who has read a library file',
  },
  // The planner (lib/planner): about the event; its pupils, if any, are in the details.
  'planner.event_created': { entity: 'planner_event', label: 'Added a planner event' },
  'planner.event_changed': { entity: 'planner_event', label: 'Changed a planner event' },
  'planner.event_deleted': { entity: 'planner_event', label: 'Deleted a planner event' },
  'report.saved': { entity: 'saved_report', label: 'Saved a report' },
  'report.published': { entity: 'saved_report', label: 'Published a saved report' },
  'report.unpublished': { entity: 'saved_report', label: 'Unpublished a saved report' },
  'report.expiry_changed': { entity: 'saved_report', label: 'Changed a saved report’s expiry' },
  'report.deleted': { entity: 'saved_report', label: 'Deleted a saved report' },
} as const satisfies Readonly<Record<string, AuditEventSpec>>;

export type AuditAction = keyof typeof AUDIT_EVENTS;

/** The entity an event is about, as stored in `entity_type`. */
export type AuditEntityOf<A extends AuditAction> = (typeof AUDIT_EVENTS)[A]['entity'];

/** The events whose rows are about one kind of record. */
export type AuditActionAbout<E extends AuditEntity> = {
  [A in AuditAction]: AuditEntityOf<A> extends E ? A : never;
}[AuditAction];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_EVENTS, action);
}

/** An action as a person reads it. Rows are history: a name this version does not know is shown as stored. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_EVENTS[action].label : action;
}
