/**
 * lib/students — pupils as Haven shows them: the profile's reads (profile.ts,
 * one per tab, each decided by lib/access and audited), writes to Haven's own
 * information about a pupil (service.ts), the one name formatter (names.ts)
 * and search folding (search-key.ts). Monitoring lives in lib/monitoring and
 * attendance maths in lib/attendance.
 */
export { ELEVATE_FOR_PUPILS, NeedsElevationError } from './access';
export {
  getProfileAttendance,
  getProfileAudit,
  getProfileContacts,
  getProfileEdit,
  getProfileIncidents,
  getProfileMonitoringHistory,
  getProfileOverview,
  type ProfileView,
} from './profile';
export { groupLabel } from './group-label';
export { AUDIT_TAB_PAGE_SIZE, describePupilEvents, type PupilEventView } from './audit-report';
export { PROFILE_VIEW_LABELS } from './audit-sentences';
export { PROFILE_CONFLICT, addAlertStaff, addLink, removeAlertStaff, removeContact, removeLink, saveContact, updateProfileDetails } from './service';
export {
  LINK_RELATIONSHIPS,
  addLinkInput,
  alertStaffInput,
  contactInput,
  profileDetailsInput,
  profileMonitoringInput,
  removeContactInput,
  removeLinkInput,
} from './schema';
export type * from './types';
