/**
 * lib/library — the school's own library of policies and guidance (not
 * pupils' records): files stored encrypted like the vault's (blob.ts, reusing
 * lib/vault's storage), the list and opening a file (queries.ts), uploads
 * (upload.ts), soft delete and restore (service.ts), each decided through
 * lib/access ("library.view", "library.add"; access.ts) and audited.
 */
import 'server-only';

export { LIBRARY_NEEDS_KEY, NO_LIBRARY, NO_LIBRARY_ADD, libraryAccess, type LibraryAccess } from './access';
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
export { receiveLibraryUpload } from './upload';
export { sweepOrphanLibraryBlobs } from './sweep';
