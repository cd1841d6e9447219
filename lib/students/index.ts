/**
 * lib/students — pupils as Haven shows them: finding them (queries.ts: search,
 * lists, registers, filters), writes to Haven's own information about a pupil
 * (service.ts), the one name formatter (names.ts) and search folding
 * (search-key.ts). The profile's reads are lib/profile's, monitoring lives in
 * lib/monitoring and attendance maths in lib/attendance.
 */
import 'server-only';

export { ELEVATE_FOR_PUPILS, NeedsElevationError } from './access';
export {
  PROFILE_CONFLICT,
  addAlertStaff,
  addLink,
  removeAlertStaff,
  removeContact,
  removeLink,
  saveContact,
  updateProfileDetails,
} from './service';
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
export {
  ELEVATE_TO_FIND,
  LIST_LIMIT,
  SEARCH_LIMIT,
  finderCapabilities,
  listCategoryOptions,
  listGroupOptions,
  listStudents,
  searchStudents,
  studentListFilterInput,
  studentSuggestions,
  type CategoryOption,
  type FinderAccess,
  type FinderCapabilities,
  type FoundStudent,
  type GroupKind,
  type GroupOption,
  type Lozenge,
  type SearchOptions,
  type SearchResult,
  type StudentList,
  type StudentListFilter,
  type StudentSuggestion,
} from './queries';
export { searchPickablePupils, type PickablePupil } from './pick-search';
// The pure part (the name formatter, the group label) is client.ts's list, served here too.
export * from './client';
