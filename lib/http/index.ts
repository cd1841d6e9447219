/**
 * lib/http — the glue between Next.js and the domain: the request context
 * (context.ts: school from the verified Host, person from the session cookie),
 * the one server-action wrapper (action.ts), the session cookie, the name
 * style of the request, the CSP and the Origin check (the last two are also
 * used by proxy.ts directly). Client components take form state from
 * ./client.ts.
 */
import 'server-only';

export { currentHostTarget, getCtx, getRequestMeta, getSchool, isRootDomainRequest, requireUserCtx } from './context';
export { action, CORRECT_FIELDS, NOT_ON_ROOT, OTHER_SITE } from './action';
export { formDone, initialFormState, isFrameworkField, type FormState } from './form-state';
export { readRefusal, showRefusal } from './refusal';
export { adminRouteCtx, plainResponse } from './admin-route';
export { refusalResponse, userRouteCtx } from './user-route';
export { readLimitedForm, type LimitedForm } from '@/lib/files/limited-form';
export { getNameStyle, setHideNames } from './name-style';
export { requestOrigin } from './request-origin';
export { documentResponse } from './document-response';
export { readDeviceCookie, writeDeviceCookie } from './device-cookie';
export {
  SSO_FLOW_COOKIE_OPTIONS,
  SWITCH_NONCE_COOKIE_OPTIONS,
  clearSessionToken,
  readSessionToken,
  writeSessionToken,
} from './session-cookie';
export { consoleRouteOperator, consoleStage, requireOperator, type ConsoleCtx, type ConsoleStage } from './console';
