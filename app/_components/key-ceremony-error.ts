/**
 * What to tell the person when the browser's security key or passkey prompt
 * fails. @simplewebauthn/browser passes the browser's DOMException name
 * through (as `name`) and adds a `code` for the cases it can tell apart.
 */
export const CEREMONY_CANCELLED = 'You cancelled, or the key did not respond. Try again.';
export const WEBAUTHN_UNSUPPORTED =
  'This browser cannot use security keys or passkeys. Try another browser, or use an authenticator app.';

export function keyCeremonyErrorMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError') {
    return 'This security key or passkey is already registered to your account.';
  }
  // Browsers give NotAllowedError for a cancelled prompt and for a timeout alike.
  if (name === 'NotAllowedError' || name === 'AbortError') return CEREMONY_CANCELLED;
  if (name === 'SecurityError') return 'Security keys and passkeys only work on Haven’s own web address.';
  if (name === 'NotSupportedError')
    return 'This security key cannot be used with Haven. Try another key or an authenticator app.';
  return 'Your browser could not use the security key or passkey. Try again.';
}
