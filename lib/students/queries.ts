/**
 * Finding pupils: Quick Student Search, "Monitored students",
 * class registers and category lists, and the filters they offer. Every read
 * takes its WHERE from the permission engine (studentVisibilityCondition for
 * the pupils, monitoringCategoryCondition for their categories), so a pupil or
 * a category the viewer may not see is never read, listed or counted. Names
 * come back as stored; pages format them with formatPupilName and the
 * request's name style.
 */
import 'server-only';
import { accessSubjectOf, can } from '@/lib/access';
import type { UserCtx } from '@/lib/tenancy/context';
import { finderAccess, type FinderAccess } from './visible';

export type { FoundStudent } from './found';
export type { Lozenge } from './lozenges';
export { searchStudents, SEARCH_LIMIT, type SearchOptions, type SearchResult } from './search';
export {
  listCategoryOptions,
  listGroupOptions,
  listStudents,
  LIST_LIMIT,
  studentListFilterInput,
  type CategoryOption,
  type GroupKind,
  type GroupOption,
  type StudentList,
  type StudentListFilter,
} from './lists';
export type { FinderAccess };
/** The engine's condition over the students table, for other areas that name pupils (Admin → Users → Alerts). */
export { visibleStudents } from './visible';

export interface FinderCapabilities {
  access: FinderAccess;
  /** Archived pupils need "view students without a group": only then is "Include archived students" offered (students.archived). */
  mayIncludeArchived: boolean;
  /** "Update categories" for the ticked pupils (students.bulk_monitoring; each pupil must allow student.edit). */
  mayUpdateCategories: boolean;
}

/** What the finding pages offer this person now. The queries enforce the same rules themselves. */
export async function finderCapabilities(ctx: UserCtx): Promise<FinderCapabilities> {
  const subject = await accessSubjectOf(ctx);
  const access = finderAccess(subject);
  return {
    access,
    mayIncludeArchived: can(subject, 'students.archived'),
    mayUpdateCategories: can(subject, 'students.bulk_monitoring'),
  };
}
export { studentSuggestions, ELEVATE_TO_FIND, type StudentSuggestion } from './suggestions';
export { groupLabel } from './group-label';
