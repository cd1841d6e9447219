/**
 * A software WebAuthn authenticator for tests: what a browser plus a security
 * key would hand back to the server, built from first principles with
 * node:crypto so the server-side verification is exercised for real.
 *
 * - ES256 (ECDSA P-256 / SHA-256) credentials, COSE-encoded public keys.
 * - Registration: clientDataJSON, authenticatorData with the RP ID hash,
 *   flags, counter and attested credential data, and a CBOR attestationObject
 *   with fmt "none".
 * - Authentication: authenticatorData + signature over
 *   authenticatorData || SHA-256(clientDataJSON), DER-encoded as browsers send it.
 *
 * Unlike a browser it signs for whatever origin and RP ID it is told, which is
 * how the tests produce the responses an attacker's page would.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

// --- A tiny CBOR encoder (RFC 8949), for the few types WebAuthn needs. ---

export type CborValue = number | string | Uint8Array | CborValue[] | Map<CborValue, CborValue>;

/** Major type + argument, in the shortest form (RFC 8949 §3.1, preferred serialisation). */
function cborHead(major: number, argument: number): Uint8Array {
  if (!Number.isSafeInteger(argument) || argument < 0) throw new RangeError(`CBOR argument out of range: ${argument}`);
  const m = major << 5;
  if (argument < 24) return Uint8Array.of(m | argument);
  if (argument < 0x100) return Uint8Array.of(m | 24, argument);
  if (argument < 0x10000) return Uint8Array.of(m | 25, argument >> 8, argument & 0xff);
  if (argument < 0x100000000) {
    const out = new Uint8Array(5);
    out[0] = m | 26;
    new DataView(out.buffer).setUint32(1, argument);
    return out;
  }
  const out = new Uint8Array(9);
  out[0] = m | 27;
  new DataView(out.buffer).setBigUint64(1, BigInt(argument));
  return out;
}

export function cborEncode(value: CborValue): Uint8Array {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError('This encoder only writes integers.');
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    return concat(cborHead(3, bytes.length), bytes);
  }
  if (value instanceof Uint8Array) return concat(cborHead(2, value.length), value);
  if (Array.isArray(value)) return concat(cborHead(4, value.length), ...value.map(cborEncode));
  const parts: Uint8Array[] = [cborHead(5, value.size)];
  for (const [k, v] of value) parts.push(cborEncode(k), cborEncode(v));
  return concat(...parts);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

// --- The authenticator. ---

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL_DATA = 0x40;

interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  rpId: string;
  userHandle: string; // base64url
  signCount: number;
}

export interface SoftAuthenticatorOptions {
  /** Add 1 to the signature counter on every assertion (a security key) or keep it at 0 (many passkeys). */
  countsSignatures?: boolean;
  /** Whether the user verified (PIN/biometric), which sets the UV flag. */
  userVerified?: boolean;
}

export class SoftAuthenticator {
  private readonly credentials = new Map<string, SoftCredential>();
  private readonly countsSignatures: boolean;
  private readonly userVerified: boolean;
  readonly aaguid = new Uint8Array(16); // all zero, as for attestation "none"

  constructor(options: SoftAuthenticatorOptions = {}) {
    this.countsSignatures = options.countsSignatures ?? true;
    this.userVerified = options.userVerified ?? true;
  }

  /** navigator.credentials.create() on `origin`; `rpId` overrides the options' RP ID (as a hostile page would). */
  create(
    options: PublicKeyCredentialCreationOptionsJSON,
    { origin, rpId = options.rp.id }: { origin: string; rpId?: string },
  ): RegistrationResponseJSON {
    if (!rpId) throw new Error('No RP ID to register for.');
    for (const excluded of options.excludeCredentials ?? []) {
      if (this.credentials.has(excluded.id))
        throw new Error('InvalidStateError: this authenticator is already registered.');
    }
    if (!options.pubKeyCredParams.some((p) => p.alg === -7)) throw new Error('NotSupportedError: ES256 not offered.');

    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    if (!jwk.x || !jwk.y) throw new Error('EC public key without coordinates.');
    // COSE_Key (RFC 9053): kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
    const coseKey = cborEncode(
      new Map<CborValue, CborValue>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x, 'base64url')],
        [-3, Buffer.from(jwk.y, 'base64url')],
      ]),
    );

    const id = randomBytes(16);
    const credential: SoftCredential = { id, privateKey, rpId, userHandle: options.user.id, signCount: 0 };
    this.credentials.set(id.toString('base64url'), credential);

    const credentialIdLength = Buffer.alloc(2);
    credentialIdLength.writeUInt16BE(id.length);
    const authData = concat(
      this.authDataHeader(rpId, FLAG_ATTESTED_CREDENTIAL_DATA, credential.signCount),
      this.aaguid,
      credentialIdLength,
      id,
      coseKey,
    );
    const attestationObject = cborEncode(
      new Map<CborValue, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = clientData('webauthn.create', options.challenge, origin);
    return {
      id: id.toString('base64url'),
      rawId: id.toString('base64url'),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['usb'],
      },
      authenticatorAttachment: 'cross-platform',
      clientExtensionResults: {},
    };
  }

  /**
   * navigator.credentials.get() on `origin`. `signCount` forces the counter the
   * authenticator reports (a cloned key, or a key that went backwards); `rpId`
   * signs for another RP ID than the credential's.
   */
  get(
    options: PublicKeyCredentialRequestOptionsJSON,
    { origin, rpId, signCount }: { origin: string; rpId?: string; signCount?: number },
  ): AuthenticationResponseJSON {
    // Choose the credential as a browser would (allow list and the options' RP ID);
    // `rpId` then only changes what is signed, as a hostile client could.
    const allowed = options.allowCredentials?.map((c) => c.id);
    const credential = [...this.credentials.entries()].find(
      ([id, c]) =>
        (!allowed || allowed.length === 0 || allowed.includes(id)) &&
        (options.rpId === undefined || c.rpId === options.rpId),
    )?.[1];
    if (!credential) throw new Error('NotAllowedError: no credential for this request.');
    const effectiveRpId = rpId ?? credential.rpId;

    if (signCount !== undefined) credential.signCount = signCount;
    else if (this.countsSignatures) credential.signCount += 1;

    const authData = this.authDataHeader(effectiveRpId, 0, credential.signCount);
    const clientDataJSON = clientData('webauthn.get', options.challenge, origin);
    const clientDataHash = createHash('sha256').update(clientDataJSON).digest();
    // Node's ECDSA signature is DER by default, the encoding WebAuthn uses for ES256.
    const signature = sign('sha256', concat(authData, clientDataHash), credential.privateKey);
    return {
      id: credential.id.toString('base64url'),
      rawId: credential.id.toString('base64url'),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
      authenticatorAttachment: 'cross-platform',
      clientExtensionResults: {},
    };
  }

  /** rpIdHash (32) | flags (1) | signCount (4, big-endian). */
  private authDataHeader(rpId: string, extraFlags: number, signCount: number): Uint8Array {
    const rpIdHash = createHash('sha256').update(rpId, 'utf8').digest();
    let flags = FLAG_USER_PRESENT | extraFlags;
    if (this.userVerified) flags |= FLAG_USER_VERIFIED;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(signCount);
    return concat(rpIdHash, Uint8Array.of(flags), counter);
  }
}

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
