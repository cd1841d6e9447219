/**
 * TOTP (RFC 6238) soft keys: SHA-1, 6 digits, 30-second steps — the only
 * settings every authenticator app supports.
 *
 * Replay: a code stays valid for up to 90 s (its step and one either side), so
 * the caller stores the step that matched and, in the same UPDATE that accepts
 * it, refuses any step <= the last one used (`isReplay` states the rule).
 */
import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

export const TOTP_PERIOD_SECONDS = 30;
/** One step either side of now absorbs phone clocks that drift and codes typed as they roll over. */
const EPOCH_TOLERANCE_SECONDS = 30;
/** 20 bytes = 160 bits, the HMAC-SHA-1 block-size recommendation of RFC 4226. */
const SECRET_BYTES = 20;
const CODE = /^\d{6}$/;

/** A new shared secret in base32 (32 characters), as authenticator apps expect. */
export function newTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES });
}

/** The otpauth:// URI shown as a QR code; `issuer` is what the app lists the account under. */
export function totpUri({
  secret,
  accountName,
  issuer,
}: {
  secret: string;
  accountName: string;
  issuer: string;
}): string {
  return generateURI({ issuer, label: accountName, secret });
}

export type TotpResult = { valid: false } | { valid: true; step: number };

/**
 * Checks a typed code at `now`. Spaces are ignored (apps show "123 456");
 * anything but exactly six ASCII digits is refused before any cryptography.
 * On success `step` is the absolute time step that matched
 * (floor(unix seconds / 30) + drift), to be stored for replay protection.
 */
export function verifyTotp(secret: string, code: string, now: Date): TotpResult {
  const token = code.replace(/\s+/g, '');
  if (!CODE.test(token)) return { valid: false };
  const epoch = Math.floor(now.getTime() / 1000);
  const result = verifySync({
    secret,
    token,
    epoch,
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: EPOCH_TOLERANCE_SECONDS,
  });
  if (!result.valid || !('delta' in result)) return { valid: false };
  return { valid: true, step: Math.floor(epoch / TOTP_PERIOD_SECONDS) + result.delta };
}

/** A code is a replay when its step is not later than the last step accepted for this user. */
export function isReplay(step: number, lastUsedStep: number | null): boolean {
  return lastUsedStep !== null && step <= lastUsedStep;
}

/** The URI as an SVG QR code, inlined in the set-up page (no request for an image that carries the secret). */
export async function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}
