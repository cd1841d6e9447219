/**
 * lib/access — the permission engine, the only code that decides what a user
 * may do in a school. Services call `decide`/`can` first; every list, search,
 * count, report and export takes its WHERE condition from the SQL builders, so
 * nothing is filtered after fetching. Pure (no database access, no clock: the
 * subject carries the request's instant) except load-subject.ts, which reads
 * a request's inputs once and hands them to makeAccessSubject.
 */
import 'server-only';
export type { AccessAction, AreaAction, IncidentAction, ResourceArgs, ResourceFor, StudentAction } from './actions';
export { ACCESS_ACTIONS, AREA_ACTIONS, INCIDENT_ACTIONS, STUDENT_ACTIONS } from './actions';
export type {
  AccessDecision,
  AccessSubject,
  CategoryPermission,
  ClassGroupKind,
  ClassRestriction,
  DenialReason,
  IncidentResource,
  NewIncidentResource,
  SchoolAccessRules,
  StudentResource,
  SystemPermission,
} from './types';
export { SYSTEM_PERMISSIONS } from '@/lib/tenancy/permissions';
export { can, decide } from './decide';
export { consoleStageOf, type ConsoleStage } from './console-gate';
export {
  NON_KEY_PERMISSIONS,
  addableCategoryIds,
  groupMayUseKey,
  hasPermission,
  isIncidentEditor,
  isKeyHolder,
  mayAddInAll,
  mayReadAudit,
  mayViewIncidentsInAll,
  mayViewMonitoring,
  restrictedClasses,
  viewableIncidentCategoryIds,
  viewableStudentCategoryIds,
  visibleMonitoringCategoryIds,
} from './permissions';
export { MY_HISTORY_DAYS, myHistoryCutoff } from './my-history';
export {
  makeAccessSubject,
  parseSystemPermissions,
  type AccessSubjectInput,
  type CategoryPermissionRow,
} from './subject';
export { monitoringCategoryCondition, studentVisibilityCondition, type StudentColumns } from './sql-students';
export { documentReadableCondition, type DocumentColumns } from './sql-documents';
export {
  incidentCategoryLink,
  incidentVisibilityCondition,
  type IncidentCategoryLink,
  type IncidentColumns,
} from './sql-incidents';
export {
  DEFAULT_CATEGORIES,
  DEFAULT_CATEGORY_PERMISSIONS,
  defaultCategoryPermission,
  planDefaultCategories,
  planDefaultCategoryPermissions,
  type DefaultCategory,
  type PlannedCategory,
  type PlannedCategoryPermission,
} from './default-categories';
export {
  contrastRatio,
  lozengeTextColour,
  LOZENGE_TEXT_DARK,
  LOZENGE_TEXT_LIGHT,
  type LozengeTextColour,
} from './lozenge-colour';
export { accessSubjectOf, loadAccessSubject, sessionSubject, staffSubject, staffSubjects } from './load-subject';
export { pupilRefusal } from './rules';
export {
  decideSavedReport,
  savedReportListCondition,
  type SavedReportAction,
  type SavedReportResource,
} from './saved-reports';
export {
  decidePlannerEvent,
  plannerEventListCondition,
  type PlannerEventAction,
  type PlannerEventResource,
} from './planner-events';
export {
  decideIncidentSubmission,
  mayBeAssigned,
  type IncidentSubmission,
  type SubmissionDecision,
  type SubmissionRefusal,
} from './new-incident';
export { keyStatus, type KeyStatus, type SessionKeyFacts } from './key-status';
