/**
 * Security keys and passkeys (WebAuthn), as thin wrappers over
 * @simplewebauthn/server 14 with Haven's choices made once.
 *
 * - RP ID: the root domain's host name without port, so one credential works
 *   on the root domain and on every school subdomain (a school's origin has
 *   the RP ID as a registrable suffix).
 * - Origin: the ceremony must be verified against exactly the origin it ran on
 *   (the caller passes the origin of the request's own host), and that origin
 *   must be the root domain or a valid school subdomain over config.protocol.
 *   A response produced on another school's subdomain, another port or another
 *   scheme is refused.
 * - Attestation "none", resident key and user verification "preferred": a key
 *   is a second factor after the password, and asking for attestation would
 *   only make schools' cheap security keys fail.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { getConfig } from '@/lib/config';
import { UserError } from '@/lib/errors';
import { parseHost } from '@/lib/tenancy/host';

export const RP_NAME = 'Haven';
/** How long the browser waits for the person to touch the key. */
const CEREMONY_TIMEOUT_MS = 120_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type WebAuthnFailure =
  | 'origin-not-allowed' // the page's own origin is not Haven's
  | 'wrong-origin' // the browser signed for another origin than this ceremony's
  | 'wrong-challenge' // not the challenge issued for this ceremony (stale, or from another session)
  | 'counter-not-increased' // a validly signed assertion whose counter went backwards: possibly a cloned key
  | 'invalid'; // anything else: bad signature, wrong RP ID, malformed response

const MESSAGES: Record<WebAuthnFailure, string> = {
  'origin-not-allowed': 'Security keys can only be used on Haven’s own web address.',
  'wrong-origin': 'The security key answered for a different web address. Try again from this page.',
  'wrong-challenge': 'That security key request has expired. Try again.',
  'counter-not-increased':
    'This security key reported a use count that did not go up, which can mean it has been copied. Ask your administrator to check it.',
  invalid: 'The security key’s answer could not be checked. Try again.',
};

/** A refused ceremony; the message is for the person, `reason` for the caller and the audit log. */
export class WebAuthnVerificationError extends UserError {
  constructor(
    readonly reason: WebAuthnFailure,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[reason]);
    this.name = 'WebAuthnVerificationError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * The RP ID: the root domain's host name without its port, so one key works in
 * every school of a deployment ("haven.example.org" for
 * demo.haven.example.org). A single-label root such as the local demo's
 * "localhost" is not a registrable suffix browsers accept from
 * demo.localhost, so there the RP ID is the page's own host (a key then works
 * in that one school only) — pass the ceremony's origin for that case.
 */
export function rpId(origin?: string): string {
  const root = getConfig().rootDomain.replace(/:\d+$/, '');
  if (root.includes('.') || !origin) return root;
  return new URL(origin).hostname;
}

/** True for exactly `<protocol>://<root>` or `<protocol>://<valid-slug>.<root>`, as a browser serialises an origin. */
export function isAllowedWebAuthnOrigin(origin: string): boolean {
  const { rootDomain, protocol } = getConfig();
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // An origin has no path, user info or upper case, and no default port: the
  // round trip must be the identity, or it is not an origin a browser sends.
  if (url.origin !== origin || url.protocol !== `${protocol}:`) return false;
  return parseHost(url.host, rootDomain).kind !== 'unknown';
}

export async function registrationOptions({
  userId,
  userName,
  userDisplayName,
  existingCredentialIds,
  origin,
}: {
  userId: string;
  userName: string;
  userDisplayName: string;
  existingCredentialIds: string[];
  /** The origin of the ceremony (decides the RP ID on a single-label root). */
  origin?: string;
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rpId(origin),
    // The user handle is the user's UUID as 16 bytes: stable, and no personal data on the key.
    userID: uuidToBytes(userId),
    userName,
    userDisplayName,
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    // Stops the same key being registered twice for one person.
    excludeCredentials: existingCredentialIds.map((id) => ({ id })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

export interface RegisteredCredential {
  id: string; // base64url credential id
  publicKey: Uint8Array; // COSE public key, stored as is
  counter: number;
  transports: string[];
  aaguid: string;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  userVerified: boolean;
}

/** Verifies a registration made on `origin` for `expectedChallenge`; throws WebAuthnVerificationError if refused. */
export async function verifyRegistration({
  response,
  expectedChallenge,
  origin,
}: {
  response: RegistrationResponseJSON;
  expectedChallenge: string;
  origin: string;
}): Promise<RegisteredCredential> {
  assertAllowedOrigin(origin);
  checkClientData(response.response?.clientDataJSON, 'webauthn.create', expectedChallenge, origin);
  let result;
  try {
    result = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpId(origin),
      requireUserVerification: false, // "preferred": a key without a PIN is still a valid second factor
    });
  } catch (cause) {
    throw new WebAuthnVerificationError('invalid', { cause });
  }
  if (!result.verified) throw new WebAuthnVerificationError('invalid');
  const info = result.registrationInfo;
  return {
    id: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: info.credential.transports ?? response.response.transports ?? [],
    aaguid: info.aaguid,
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    userVerified: info.userVerified,
  };
}

export async function authenticationOptions({
  allowCredentialIds,
  origin,
}: {
  allowCredentialIds: string[];
  /** The origin of the ceremony (decides the RP ID on a single-label root). */
  origin?: string;
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: rpId(origin),
    allowCredentials: allowCredentialIds.map((id) => ({ id })),
    userVerification: 'preferred',
    timeout: CEREMONY_TIMEOUT_MS,
  });
}

export interface StoredCredential {
  id: string;
  publicKey: Uint8Array;
  counter: number;
  transports?: string[];
}

/**
 * Verifies an assertion made on `origin` for `expectedChallenge` with the
 * stored `credential`. Returns the counter to store; throws
 * WebAuthnVerificationError if refused.
 */
export async function verifyAuthentication({
  response,
  expectedChallenge,
  origin,
  credential,
}: {
  response: AuthenticationResponseJSON;
  expectedChallenge: string;
  origin: string;
  credential: StoredCredential;
}): Promise<{ newCounter: number; userVerified: boolean }> {
  assertAllowedOrigin(origin);
  checkClientData(response.response?.clientDataJSON, 'webauthn.get', expectedChallenge, origin);
  if (response.id !== credential.id) throw new WebAuthnVerificationError('invalid');

  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpId(origin),
      // The library compares counters before it checks the signature; we pass 0
      // here and apply the same rule below, after the signature has been
      // verified (the order of WebAuthn §7.2). So 'counter-not-increased' only
      // ever means a genuinely signed assertion from a possibly cloned key, and
      // forged junk cannot get a key flagged as cloned.
      credential: {
        id: credential.id,
        publicKey: toArrayBufferBytes(credential.publicKey),
        counter: 0,
        transports: credential.transports,
      },
      requireUserVerification: false,
    });
  } catch (cause) {
    throw new WebAuthnVerificationError('invalid', { cause });
  }
  if (!result.verified) throw new WebAuthnVerificationError('invalid');

  const { newCounter, userVerified } = result.authenticationInfo;
  // WebAuthn §7.2 step 21: if either counter is non-zero, the new one must be greater.
  // Keys that keep no counter (many passkeys) report 0 every time and pass.
  if ((newCounter > 0 || credential.counter > 0) && newCounter <= credential.counter) {
    throw new WebAuthnVerificationError('counter-not-increased');
  }
  return { newCounter, userVerified };
}

/** The user id (UUID) from an assertion's userHandle, for passkey sign-in without a typed email. */
export function userIdFromUserHandle(userHandle: string | undefined): string | null {
  if (!userHandle) return null;
  const bytes = Buffer.from(userHandle, 'base64url');
  if (bytes.length !== 16) return null;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function assertAllowedOrigin(origin: string): void {
  if (!isAllowedWebAuthnOrigin(origin)) throw new WebAuthnVerificationError('origin-not-allowed');
}

/**
 * Origin and challenge are checked here first (the library checks them again)
 * so that the caller gets a precise reason rather than a parsed error string.
 */
function checkClientData(
  clientDataJSON: unknown,
  type: 'webauthn.create' | 'webauthn.get',
  expectedChallenge: string,
  origin: string,
): void {
  let clientData: unknown;
  try {
    if (typeof clientDataJSON !== 'string') throw new TypeError('clientDataJSON is not a string');
    clientData = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new WebAuthnVerificationError('invalid', { cause });
  }
  if (typeof clientData !== 'object' || clientData === null) throw new WebAuthnVerificationError('invalid');
  const data = clientData as Record<string, unknown>;
  if (data.type !== type) throw new WebAuthnVerificationError('invalid');
  if (data.origin !== origin) throw new WebAuthnVerificationError('wrong-origin');
  if (data.challenge !== expectedChallenge) throw new WebAuthnVerificationError('wrong-challenge');
}

function uuidToBytes(uuid: string): Uint8Array<ArrayBuffer> {
  if (!UUID.test(uuid)) throw new TypeError('WebAuthn user ids must be UUIDs.');
  return toArrayBufferBytes(Buffer.from(uuid.replace(/-/g, ''), 'hex'));
}

/** SimpleWebAuthn's types want bytes over a plain ArrayBuffer (not a pooled Buffer's ArrayBufferLike). */
function toArrayBufferBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(new ArrayBuffer(bytes.length));
  copy.set(bytes);
  return copy;
}
