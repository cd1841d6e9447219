/**
 * lib/incidents — concerns recorded about pupils: the add-incident form's data
 * (form-data.ts) and creating one (create.ts), actions on it (add-action.ts,
 * copy-action.ts for linked pupils' records), changing it afterwards
 * (manage.ts: edit, delete and restore, pin, merge, split; edit-action.ts:
 * an action's edits and their versions), reading it
 * (queries.ts; which incidents a person sees is decided in SQL by lib/access,
 * visibility.ts) and printing it (print.ts). Client components take labels
 * from ./client.ts.
 */
import 'server-only';

export {
  actionRefInput,
  deleteActionInput,
  deleteIncidentInput,
  editActionForm,
  editActionInput,
  editIncidentForm,
  editIncidentInput,
  gatherCustomFields,
  incidentRefInput,
  mergeIncidentInput,
  newActionForm,
  newActionInput,
  newIncidentForm,
  newIncidentInput,
  pinIncidentInput,
  splitActionInput,
} from './schema';
export { loadAddIncidentForm, type AddIncidentForm, type CategoryOption, type PersonOption } from './form-data';
export { createIncident, type CreatedIncident } from './create';
export { addAction, type AddedAction } from './add-action';
export {
  ActionEditConflictError,
  editAction,
  getActionForEdit,
  listActionVersions,
  type ActionForEdit,
  type ActionVersionView,
  type EditedAction,
} from './edit-action';
export { actableLinkedCount, addActionToLinked, linkedTargetsByAction, type LinkedTarget } from './copy-action';
export {
  deleteIncident,
  editIncident,
  listIncidentVersions,
  ownCategoryIds,
  pinIncident,
  restoreIncident,
} from './manage';
export { listIncidentAttachments, type AttachmentListItem } from './attachments';
export { restoreAttachmentsInput, restoreVersionAttachments } from './attachment-versions';
export { mergeIncident, previewMerge, type MergePreview } from './merge';
export { deleteAction, restoreAction, splitAction } from './action-changes';
export {
  CHRONOLOGY_PAGE,
  getIncident,
  getIncidentStudent,
  myAssigned,
  myHistory,
  type IncidentView,
  type RecordFile,
} from './queries';
export { printIncident, type PrintedIncident } from './print';
export { BODY_MAPS, ROLE_LABEL, bodyMapTitle, customFieldRows, shownCategories } from './labels';
export { createExternalIncident, type ExternalIncident, type ExternalIncidentInput } from './external';
