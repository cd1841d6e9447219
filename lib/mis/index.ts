/**
 * lib/mis — the MIS extract importer: an administrator's upload (service.ts),
 * the `npm run import` command and the mis-import job all run one import
 * (import/run.ts). Reads of the runs and their issues (queries.ts) and the
 * import's health for the dashboard (health.ts).
 */
import 'server-only';

export { MAX_UPLOAD_BYTES, importUpload } from './service';
export { importUploadRequest } from './upload-request';
export {
  getImportRun,
  importIssuesFileName,
  listImportRowIssues,
  listImportRuns,
  type ImportRowIssue,
  type ImportRunSummary,
} from './queries';
export { importHealth, type ImportHealth, type ImportHealthLevel } from './health';
