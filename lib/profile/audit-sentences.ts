/**
 * One readable sentence per audit event of a pupil's record, for their Audit
 * tab. Pure: the query (audit-report.ts) has already left out every row the
 * viewer may not see and looked up what the sentence names (the incident's
 * number, the category, the linked pupil only when the viewer may list them).
 * Details are read defensively: rows are history and older ones may lack a field.
 */
import type { AuditAction } from '@/lib/audit/events';
import type { ProfileView } from './types';

export const PROFILE_VIEW_LABELS: Readonly<Record<ProfileView, string>> = {
  overview: 'Overview',
  incidents: 'Incidents',
  edit: 'Edit information',
  contacts: 'Contacts',
  attendance: 'Attendance',
  monitoring: 'Monitoring history',
  documents: 'Document vault',
  audit: 'Audit',
  report: 'Student report',
};

export interface AuditFacts {
  action: string;
  details: Record<string, unknown>;
  /** The incident the row is about (for an action: its incident), as the query found it. */
  incidentNumber: number | null;
  /** The monitoring category, when the row names one the viewer may see. */
  categoryName: string | null;
  /** The linked pupil's formatted name; null when the viewer may not list them. */
  linkedPupilName: string | null;
  /** The member of staff the row names (staff to alert). */
  staffName: string | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function incidentRef(n: number | null): string {
  return n === null ? 'an incident' : `incident #${n}`;
}

/** "the summary and keywords": what a profile save changed, from the before/after it recorded. */
function profileChanges(details: Record<string, unknown>): string {
  const before = (details.before ?? {}) as Record<string, unknown>;
  const after = (details.after ?? {}) as Record<string, unknown>;
  const names = (['summary', 'keywords', 'agencies', 'customFields'] as const).filter(
    (k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
  );
  const parts = (names.length > 0 ? names : ['summary', 'keywords', 'agencies']).map((k) =>
    k === 'agencies' ? 'agencies involved' : k === 'customFields' ? 'other information' : k,
  );
  return parts.length === 1 ? `the ${parts[0]}` : `the ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function tabLabel(view: unknown): string | null {
  return typeof view === 'string' && view in PROFILE_VIEW_LABELS ? PROFILE_VIEW_LABELS[view as ProfileView] : null;
}

export function auditSentence(f: AuditFacts): string {
  const d = f.details;
  const incident = incidentRef(f.incidentNumber);
  const category = f.categoryName ?? 'a category';
  const pupil = f.linkedPupilName ?? 'a pupil you cannot see';
  const relationship = str(d.relationship);
  // Typed as the event list (lib/audit/events.ts), so a sentence cannot be written for an event that is not in it;
  // a stored name this version does not know still reaches the default.
  switch (f.action as AuditAction) {
    case 'student.viewed': {
      const tab = tabLabel(d.view);
      return tab ? `Viewed the ${tab} tab` : 'Viewed the record';
    }
    case 'student.profile_updated':
      return `Changed ${profileChanges(d)}`;
    case 'student.alert_staff_added':
      return `Added ${f.staffName ?? 'someone'} to the staff alerted about this pupil`;
    case 'student.alert_staff_removed':
      return `Removed ${f.staffName ?? 'someone'} from the staff alerted about this pupil`;
    case 'student.link_added':
      return `Linked to ${pupil}${relationship ? ` (${relationship.toLowerCase()})` : ''}`;
    case 'student.link_removed':
      return `Removed the link to ${pupil}`;
    case 'student.contact_added':
      return 'Added a contact';
    case 'student.contact_updated':
      return 'Edited a contact';
    case 'student.contact_removed':
      return 'Removed a contact';
    case 'document.uploaded':
      return 'Added a document to the Document vault';
    case 'document.viewed':
      return 'Opened or downloaded a document';
    case 'document.zip_downloaded': {
      const n = Array.isArray(d.documentIds) ? d.documentIds.length : null;
      return `Downloaded ${n === null ? 'documents' : n === 1 ? '1 document' : `${n} documents`} as a zip`;
    }
    case 'transfer.exported':
      return d.part === 'documents'
        ? 'Exported the documents for a school without Haven'
        : 'Exported the chronology for a school without Haven';
    case 'document.deleted':
      return 'Deleted a document';
    case 'document.restored':
      return 'Restored a document';
    case 'document.virus_refused':
      return `Tried to add a document that contains a virus${str(d.signature) ? ` (${str(d.signature)})` : ''}: it was refused`;
    case 'document.alert_read':
      return 'Read an alert about a document';
    case 'document.alert_sent': {
      const n = Array.isArray(d.recipientIds) ? d.recipientIds.length : null;
      return `Alerted ${n === null ? 'staff' : n === 1 ? '1 member of staff' : `${n} members of staff`} to a document`;
    }
    case 'monitoring.started':
      return `Started monitoring: ${category}${d.via === 'bulk' ? ' (from a class list)' : ''}`;
    case 'monitoring.ended':
      return `Stopped monitoring: ${category}${d.via === 'bulk' ? ' (from a class list)' : ''}`;
    case 'incident.chronology_viewed':
      // Written beside the tab's own "Viewed the Incidents tab" when there was something to read;
      // the count it stores is of what that person could see, so it is not repeated here.
      return 'Read the incident chronology';
    case 'incident.created':
      return `Added ${incident}`;
    case 'incident.viewed':
      return `Opened ${incident}`;
    case 'incident.edited':
      return `Edited ${incident}`;
    case 'incident.deleted':
      return `Deleted ${incident}`;
    case 'incident.restored':
      return `Restored ${incident}`;
    case 'incident.pinned':
      return `Pinned ${incident}`;
    case 'incident.unpinned':
      return `Unpinned ${incident}`;
    case 'incident.history_viewed':
      return `Viewed the edit history of ${incident}`;
    case 'incident.merged': {
      const into = num(d.into);
      return `Merged ${incidentRef(num(d.number) ?? f.incidentNumber)} into ${incidentRef(into)}`;
    }
    case 'action.created':
      return `Added an action to ${incidentRef(num(d.number) ?? f.incidentNumber)}`;
    case 'action.edited':
      return `Edited an action on ${incidentRef(num(d.incident) ?? f.incidentNumber)}`;
    case 'action.history_viewed':
      return `Viewed the edit history of an action on ${incidentRef(num(d.incident) ?? f.incidentNumber)}`;
    case 'action.deleted':
      return `Deleted an action on ${incidentRef(num(d.incident) ?? f.incidentNumber)}`;
    case 'action.restored':
      return `Restored an action on ${incidentRef(num(d.incident) ?? f.incidentNumber)}`;
    case 'action.split':
      return `Made an action on ${incidentRef(num(d.from) ?? f.incidentNumber)} into ${incidentRef(num(d.into))}`;
    case 'action.added_to_linked':
      // The incident it was copied from belongs to another pupil's record: not named here.
      return `Added an action to ${incidentRef(num(d.number) ?? f.incidentNumber)}, from a linked incident`;
    case 'action.training_kept':
      return `Kept a training action on ${incidentRef(num(d.number) ?? f.incidentNumber)} as a real record`;
    case 'incident.training_kept':
      return `Kept training ${incident} as a real record`;
    case 'incident.printed':
      return `Printed ${incident}`;
    case 'monitoring.bulk_updated': {
      const n = Array.isArray(d.studentIds) ? d.studentIds.length : null;
      const pupils = n === null ? 'pupils' : n === 1 ? '1 pupil' : `${n} pupils`;
      if (d.change === 'wipe') return `Stopped all monitoring for ${pupils} (from a class list)`;
      return `${d.change === 'remove' ? 'Stopped' : 'Started'} monitoring: ${category}, for ${pupils} (from a class list)`;
    }
    case 'alert.read':
      return `Read an alert about ${incident}`;
    default:
      // An event this version does not know: say that something happened, never what its details hold.
      return 'Recorded an event';
  }
}
