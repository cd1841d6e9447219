/**
 * lib/support — "Contact support": the requests a school's staff send to the
 * deployment's operators, and their answers, as the school reads them
 * (service.ts: administrators with their key see the school's, everyone else
 * their own). The console's side (every school's requests, answering and
 * closing) is lib/platform's.
 */
import 'server-only';

export {
  getSupportRequest,
  listSupportRequests,
  myAnsweredSupportRequests,
  seesSchoolRequests,
  sendSupportRequest,
  type SupportRequestDetail,
  type SupportRequestSummary,
} from './service';
export {
  SUPPORT_STATUS_LABELS,
  supportAnswerInput,
  supportRequestIdInput,
  supportRequestInput,
  type SupportStatus,
} from './schema';
