/**
 * lib/auth — identity: password sign-in on a school and on the root domain,
 * sessions (resumed on every request by lib/http), sign-in with Microsoft or
 * Google (OpenID Connect, sso.ts), second factors (TOTP and
 * WebAuthn) and elevation, reset links, moving between schools, signing out.
 * The person a session resumes is lib/tenancy's SignedInUser; what they may
 * do is lib/access's.
 */
import 'server-only';

export { addTotpInput, emailInput, newPasswordInput, signInInput, totpCodeInput } from './schema';
export { SIGN_IN_REFUSED, signInWithPassword } from './sign-in';
export { SSO_FLOW_COOKIE, SsoFlowError, finishSsoFlow, ssoFlowState, startSsoFlow } from './sso-flow';
export {
  SSO_PROVIDER_LABELS,
  configuredSsoProviders,
  handOverSso,
  signInWithSso,
  ssoProvidersFor,
  type SsoProvider,
} from './sso';
export { signOut } from './sign-out';
export { KEY_ATTEMPTS_SIGNED_OUT, KeyAttemptsSessionEndedError } from './second-factor-limit';
export { listMySecurityEvents } from './security-log';
export {
  openSchoolFromRoot,
  resolveRootSession,
  signInAtRoot,
  signOutAtRoot,
  startOpeningSchool,
  type RootPerson,
} from './root-sign-in';
export {
  BINDING_PATTERN,
  SWITCH_NONCE_COOKIE,
  bindingOf,
  exchangeSwitchCode,
  issueSwitchCode,
  listMySchools,
  newSwitchNonce,
  switchIssueUrl,
  switchStartUrl,
  switchTarget,
  wellFormedNonce,
  type MySchool,
} from './school-switch';
export { RESET_LINK_INVALID, completePasswordReset, isResetTokenUsable, requestPasswordReset } from './password-reset';
export {
  confirmTotpSetup,
  elevateWithTotp,
  getPendingTotpSetup,
  listMyKeys,
  mustUseKeyToChangeKeys,
  removeMyKey,
  startTotpSetup,
} from './keys';
export {
  UNREADABLE_RESPONSE,
  elevateWithWebAuthn,
  finishAddKeyForm,
  finishWebAuthnRegistration,
  startAddKeyForm,
  startWebAuthnElevation,
  startWebAuthnRegistration,
  webauthnElevationForm,
} from './webauthn-keys';
