/**
 * lib/profile — the pupil profile's reads, one per tab (tabs.ts): each finds
 * the pupil and asks lib/access before anything else, reads the tab's data with
 * the engine's SQL conditions and appends a `student.viewed` audit row. It sits
 * above lib/students, lib/monitoring and lib/incidents, whose parts the tabs
 * bring together; writes to Haven's own information about a pupil are
 * lib/students'. Also the Audit tab's sentences and the pupil events other
 * listings show (audit-report.ts).
 */
import 'server-only';

export {
  getProfileAttendance,
  getProfileAudit,
  getProfileDocuments,
  getProfileContacts,
  getProfileEdit,
  getProfileIncidents,
  getProfileMonitoringHistory,
  getProfileOverview,
  getProfileReport,
} from './tabs';
export { AUDIT_TAB_PAGE_SIZE, describePupilEvents } from './audit-report';
export { PROFILE_VIEW_LABELS } from './audit-sentences';
export type * from './types';
