/**
 * lib/vault — the pupil's Document vault: files kept about a pupil, encrypted
 * in chunks under a per-file key (blob.ts), their type read from their content
 * (file-type.ts) and their names made safe (file-name.ts); uploads, delete and
 * restore (service.ts); the list, downloads and zips (queries.ts, zip.ts), each
 * decided through lib/access and audited; the orphan sweep (sweep.ts).
 */
import 'server-only';

export {
  DOCUMENTS_PREFIX,
  FileRefused,
  dropDocumentBlob,
  openDocumentStream,
  storeDocumentBlob,
  type BlobPlace,
  type StoredBlob,
  type StoredDocumentRef,
} from './blob';
export { sanitiseFileName } from './file-name';
export { contentDisposition, downloadHeaders, zipHeaders } from './download-headers';
export { ACCEPTED, ACCEPTED_EXTENSIONS } from './file-type';
export {
  MAX_ZIP_DOCUMENTS,
  documentForDownload,
  recordFileForDownload,
  documentsForZip,
  listVaultDocuments,
  type DownloadableDocument,
  type VaultDocumentRow,
  type VaultList,
} from './queries';
export {
  NO_FILES_PERMISSION,
  commitVaultFiles,
  deleteDocumentInput,
  deleteVaultDocument,
  discardStaged,
  pupilForDocuments,
  recordVirusRefused,
  restoreDocumentInput,
  restoreVaultDocument,
  stageVaultFile,
  vaultUploadTarget,
  type UploadTarget,
} from './service';
export { alertDocumentInput, alertUsersToDocument, documentAlertOptions, type DocumentAlertOptions } from './alerts';
export { ScanUnavailable, VirusFound, scannerConfigured } from './scan';
export { UploadUnreadable, receiveVaultUpload, type UploadAnswer } from './upload';
export { receivePendingAttachment } from './attachments';
export { ORPHAN_GRACE_HOURS, sweepOrphanDocumentBlobs } from './sweep';
export { zipDocuments } from './zip';
