/**
 * lib/admin — a school's administration: its users (members, groups, status,
 * email, keys, security log and activity), its user groups (system permissions
 * and per-category rights), its alert groups, and its categories (new,
 * rename, disable, delete when unused, merge), agencies (new, rename,
 * disable) and the form builder (the three forms' field order, advice and
 * custom fields). Every function takes the
 * request context first and refuses unless the person holds 'administration'
 * and has used their key this session (guard.ts, through lib/access). All data
 * goes through ctx.run: one transaction, this school only; every change writes
 * its audit row in the same transaction. Training mode, which administrators
 * also run, is a folder of its own (lib/training).
 * Client components take labels from ./client.ts.
 */
import 'server-only';

export { adminAccess, ELEVATE_FOR_ADMIN, type AdminAccess } from './guard';
export {
  AUDIT_PAGE_SIZE,
  MEMBER_PAGE_SIZE,
  getMemberProfile,
  listDeactivatedMembers,
  listGroupOptions,
  listMembers,
  listSecurityLog,
  listUserActivity,
} from './user-queries';
export { listOfferableStaff } from './staff-queries';
export {
  addStaffUser,
  addUser,
  changeUserEmail,
  changeUserGroup,
  deactivateUser,
  removeAllKeys,
  sendPasswordLink,
} from './user-service';
export { reactivateUser, setAlertEmail } from './member-service';
export { getMemberPermissions, type MemberPermissions } from './member-permissions';
export { getEmptyMatrix, getUserGroup, listUserGroups } from './group-queries';
export { createUserGroup, updateUserGroup } from './group-service';
export { getAlertGroup, listAlertGroupCandidates, listAlertGroups } from './alert-group-queries';
export { archiveAlertGroup, createAlertGroup, updateAlertGroup } from './alert-group-service';
export type * from './types';
export {
  alertGroupInput,
  alertEmailInput,
  alertGroupRefInput,
  alertRulesInput,
  changeEmailInput,
  changeGroupInput,
  classRestrictionEverywhereInput,
  classRestrictionInput,
  clearAlertsInput,
  newStaffUserInput,
  newUserInput,
  reactivateUserForm,
  reactivateUserInput,
  removeKeysInput,
  userGroupInput,
  userRefInput,
} from './schema';
export { CATEGORY_RIGHTS, CATEGORY_RIGHT_LABELS, SYSTEM_PERMISSION_LABELS, type CategoryRight } from './labels';
export {
  getCategory,
  getNewCategoryChoices,
  listCategories,
  type CategoryDetail,
  type CategoryListItem,
  type CategoryStatus,
  type NewCategoryChoices,
} from './category-queries';
export { createCategory, disableCategory, enableCategory, renameCategory } from './category-service';
export { deleteCategory, mergeCategory } from './category-merge';
export {
  categoryRefInput,
  mergeCategoryInput,
  mergeSummary,
  newCategoryInput,
  renameCategoryInput,
  type MergeCounts,
} from './category-schema';
export { createAgency, listAgencies, renameAgency, setAgencyEnabled, type AgencyListItem } from './agency-service';
export { agencyRefInput, newAgencyInput, renameAgencyInput } from './agency-schema';
export { schoolSettingsInput, updateSchoolSettings } from './settings-service';
export {
  getAcademicYear,
  listAcademicYears,
  removeAcademicYear,
  saveAcademicYear,
  type CalendarPage,
} from './calendar-service';
export {
  libraryLogoChoices,
  logoFromLibrary,
  logoFromLibraryInput,
  logoUploadRequest,
  removeSchoolLogo,
  replaceSchoolLogo,
  LOGO_FIELD,
} from './settings-logo';
export {
  compareClassNames,
  getClassRestriction,
  getClassRestrictionOverview,
  listClassRestrictionCandidates,
} from './class-restriction-queries';
export { listUserGroupForEveryClass, updateClassRestriction } from './class-restriction-service';
export { clearDashboardAlerts, getAlertRules, updateAlertRules, type AlertRulesView } from './alert-rules';
export {
  listMapsForAdmin,
  mapMoveInput,
  mapRenameInput,
  mapStateInput,
  mapTitleInput,
  moveMap,
  renameMap,
  setMapEnabled,
  uploadMap,
} from './map-service';
export {
  addCustomField,
  deleteCustomField,
  editCustomField,
  moveFormField,
  setFieldAdvice,
} from './form-builder-service';
export {
  getFormBuilder,
  type FormBuilderCategory,
  type FormBuilderPage,
  type FormBuilderRow,
} from './form-builder-queries';
export {
  STALE_FORM,
  addCustomFieldInput,
  deleteCustomFieldInput,
  editCustomFieldInput,
  fieldAdviceInput,
  moveFieldInput,
} from './form-builder-schema';
export { schoolPeopleCounts, type PeopleCounts } from './overview';
