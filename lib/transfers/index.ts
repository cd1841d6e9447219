/**
 * lib/transfers — a pupil's child protection file following them to another
 * school of the deployment (issue 17). detection.ts finds moves across all
 * schools by keyed UPN hash (the transfer-detection job); clock.ts is the
 * statutory 5-school-day deadline on the sending school's calendar; service.ts
 * moves a transfer through its steps (request, decline, authorise, confirm
 * receipt), each checked by lib/access, audited in both schools and notified
 * to the other side (notify.ts); queries.ts reads the Admin → Transfers lists
 * and the dashboard cards; preferences.ts keeps the categories a school sends.
 * The copy itself is copy.ts (copyTransferRecords), joined by the authorise
 * action.
 */
import 'server-only';

export { clockState, DUE_SOON_DAYS, isSchoolDay, STATUTORY_SCHOOL_DAYS, transferDueOn, type ClockState } from './clock';
export { detectTransfers, type DetectionResult } from './detection';
export { TRANSFER_EMAIL_SUBJECT, transferEmail, type TransferNotice } from './notify';
export {
  authoriseTransfer,
  confirmTransferReceipt,
  declineTransfer,
  ELEVATE_FOR_TRANSFERS,
  markAuthorised,
  markTransferred,
  requestTransfer,
  requireTransferAdmin,
  type AuthoriseStep,
} from './service';
export { listTransfers, transfersToRequest, transfersToSend, type TransferListItem } from './queries';
export { declineTransferInput, transferIdInput, transferPreferencesInput } from './schema';
export {
  getTransferPreferences,
  saveTransferPreferences,
  sentCategoryIds,
  type TransferPreferences,
} from './preferences';
export { getTransferToAuthorise, type TransferAuthoriseView } from './preview';
export * from './copy';
