/**
 * lib/library — the school's own library of policies and guidance (not
 * pupils' records): files stored encrypted like the vault's (blob.ts, reusing
 * lib/vault's storage), the list and opening a file (queries.ts), uploads
 * (upload.ts), soft delete and restore (service.ts), each decided through
 * lib/access ("library.view", "library.add", "library.read_by"; access.ts)
 * and audited; alerting staff to files (alerts.ts), their read receipts and
 * dashboard alerts (receipts.ts), and each file's "Read by" log with its CSV
 * and PNG downloads (read-by.ts, read-by-image.ts); the library's pictures as
 * the source of the school logo (logo-source.ts).
 */
import 'server-only';

export {
  LIBRARY_NEEDS_KEY,
  NO_LIBRARY,
  NO_LIBRARY_ADD,
  NO_READ_BY,
  READ_BY_NEEDS_KEY,
  libraryAccess,
  type LibraryAccess,
} from './access';
export {
  alertLibraryInput,
  alertLibraryUsers,
  libraryAlertOptions,
  type AlertLibraryInput,
  type LibraryAlertOptions,
} from './alerts';
export {
  listMyLibraryAlerts,
  markLibraryFileUnderstood,
  markLibraryUnderstoodInput,
  type LibraryAlertItem,
} from './receipts';
export {
  READ_BY_COLUMNS,
  libraryReadBy,
  readByDownload,
  readByTimeFormat,
  type ReadByDownload,
  type ReadByLog,
  type ReadByRow,
} from './read-by';
export { LIBRARY_PREFIX, libraryPlace } from './blob';
export {
  libraryFileForDownload,
  listLibrary,
  type LibraryDownload,
  type LibraryList,
  type LibraryRow,
} from './queries';
export {
  commitLibraryFile,
  deleteLibraryFile,
  deleteLibraryInput,
  restoreLibraryFile,
  restoreLibraryInput,
  stageLibraryFile,
} from './service';
export { libraryImageBytes, libraryImages, type LibraryImage } from './logo-source';
export { receiveLibraryUpload } from './upload';
export { sweepOrphanLibraryBlobs } from './sweep';
