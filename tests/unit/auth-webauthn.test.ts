/**
 * WebAuthn wrappers: RP ID and origin rules, and real registration and
 * authentication ceremonies with a software authenticator (ES256, CBOR
 * attestation "none"), including the refusals that matter: wrong origin,
 * wrong challenge, wrong RP ID, tampered signature, and a counter that did
 * not go up.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, setConfigForTests } from '@/lib/config';
import {
  authenticationOptions,
  isAllowedWebAuthnOrigin,
  registrationOptions,
  rpId,
  userIdFromUserHandle,
  verifyAuthentication,
  verifyRegistration,
  WebAuthnVerificationError,
  type StoredCredential,
} from '@/lib/auth/webauthn';
import { SoftAuthenticator, cborEncode, type CborValue } from '../support/soft-authenticator';

function useRoot(env: Record<string, string>) {
  setConfigForTests(parseConfig({ NODE_ENV: 'test', ...env }));
}
afterEach(() => setConfigForTests(undefined));

const USER_ID = '0190f3a2-7c4e-7b1a-9d2e-5f6a7b8c9d0e';
const DEMO = 'http://demo.haven.localhost:3000';

async function refusal(promise: Promise<unknown>): Promise<WebAuthnVerificationError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the ceremony to be refused');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebAuthnVerificationError);
  return error as WebAuthnVerificationError;
}

describe('tiny CBOR encoder (RFC 8949 Appendix A vectors)', () => {
  it.each<[CborValue, string]>([
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [100, '1864'],
    [1000, '1903e8'],
    [1000000, '1a000f4240'],
    [1000000000000, '1b000000e8d4a51000'],
    [-1, '20'],
    [-100, '3863'],
    [-1000, '3903e7'],
    ['', '60'],
    ['a', '6161'],
    ['ü', '62c3bc'],
    [new Uint8Array([1, 2, 3, 4]), '4401020304'],
    [[1, [2, 3], [4, 5]], '8301820203820405'],
    [
      new Map<CborValue, CborValue>([
        [1, 2],
        [3, 4],
      ]),
      'a201020304',
    ],
    [
      new Map<CborValue, CborValue>([
        ['a', 1],
        ['b', [2, 3]],
      ]),
      'a26161016162820203',
    ],
  ])('%j', (value, hex) => {
    expect(Buffer.from(cborEncode(value)).toString('hex')).toBe(hex);
  });
});

describe('RP ID and allowed origins', () => {
  it('uses the root domain without its port as RP ID', async () => {
    useRoot({ APP_ROOT_DOMAIN: 'localhost:3000' });
    expect(rpId()).toBe('localhost');
    const reg = await registrationOptions({
      userId: USER_ID,
      userName: 'jane@x.sch.uk',
      userDisplayName: 'Jane Smith',
      existingCredentialIds: [],
    });
    expect(reg.rp).toEqual({ id: 'localhost', name: 'Haven' });
    const auth = await authenticationOptions({ allowCredentialIds: [] });
    expect(auth.rpId).toBe('localhost');

    // On a single-label root, browsers refuse "localhost" from demo.localhost: the school's own host is the RP ID.
    expect(rpId('http://demo.localhost:3000')).toBe('demo.localhost');
    expect(
      (
        await registrationOptions({
          userId: USER_ID,
          userName: 'j',
          userDisplayName: 'J',
          existingCredentialIds: [],
          origin: 'http://demo.localhost:3000',
        })
      ).rp.id,
    ).toBe('demo.localhost');
    expect((await authenticationOptions({ allowCredentialIds: [], origin: 'http://demo.localhost:3000' })).rpId).toBe(
      'demo.localhost',
    );

    useRoot({ APP_ROOT_DOMAIN: 'haven.example.org' });
    expect(rpId()).toBe('haven.example.org');
    expect(rpId('https://demo.haven.example.org')).toBe('haven.example.org');
    expect(
      (await registrationOptions({ userId: USER_ID, userName: 'j', userDisplayName: 'J', existingCredentialIds: [] }))
        .rp.id,
    ).toBe('haven.example.org');
    expect((await authenticationOptions({ allowCredentialIds: [] })).rpId).toBe('haven.example.org');
  });

  it('asks for attestation "none", preferred resident key and user verification, and excludes known keys', async () => {
    useRoot({ APP_ROOT_DOMAIN: 'localhost:3000' });
    const reg = await registrationOptions({
      userId: USER_ID,
      userName: 'jane@x.sch.uk',
      userDisplayName: 'Jane Smith',
      existingCredentialIds: ['AAEC', 'AwQF'],
    });
    expect(reg.attestation).toBe('none');
    expect(reg.authenticatorSelection).toMatchObject({ residentKey: 'preferred', userVerification: 'preferred' });
    expect(reg.excludeCredentials?.map((c) => c.id)).toEqual(['AAEC', 'AwQF']);
    expect(reg.user).toMatchObject({ name: 'jane@x.sch.uk', displayName: 'Jane Smith' });
    expect(userIdFromUserHandle(reg.user.id)).toBe(USER_ID);
    expect(reg.pubKeyCredParams.map((p) => p.alg)).toContain(-7);
    const auth = await authenticationOptions({ allowCredentialIds: ['AAEC'] });
    expect(auth.userVerification).toBe('preferred');
    expect(auth.allowCredentials?.map((c) => c.id)).toEqual(['AAEC']);
    expect(auth.challenge).not.toBe((await authenticationOptions({ allowCredentialIds: [] })).challenge);
  });

  it('refuses a user id that is not a UUID', async () => {
    useRoot({ APP_ROOT_DOMAIN: 'localhost:3000' });
    await expect(
      registrationOptions({ userId: 'jane', userName: 'j', userDisplayName: 'J', existingCredentialIds: [] }),
    ).rejects.toThrow(/UUID/);
  });

  it('accepts the root domain and school subdomains on the configured scheme only', () => {
    useRoot({ APP_ROOT_DOMAIN: 'localhost:3000' });
    for (const ok of ['http://localhost:3000', 'http://demo.localhost:3000', 'http://st-marys.localhost:3000']) {
      expect(isAllowedWebAuthnOrigin(ok), ok).toBe(true);
    }
    for (const bad of [
      'http://evil.localhost:3001',
      'http://localhost:3001',
      'https://demo.localhost:3000',
      'https://localhost:3000',
      'http://demo.localhost:3000.evil.com',
      'http://demo.localhost:3000/',
      'http://demo.localhost:3000/login',
      'http://jane@demo.localhost:3000',
      'http://DEMO.localhost:3000',
      'http://a.b.localhost:3000',
      'http://www.localhost:3000',
      'http://evil.com',
      'null',
      '',
    ]) {
      expect(isAllowedWebAuthnOrigin(bad), bad).toBe(false);
    }
  });

  it('requires https in production', () => {
    useRoot({ APP_ROOT_DOMAIN: 'haven.example.org' });
    expect(isAllowedWebAuthnOrigin('https://haven.example.org')).toBe(true);
    expect(isAllowedWebAuthnOrigin('https://demo.haven.example.org')).toBe(true);
    expect(isAllowedWebAuthnOrigin('http://demo.haven.example.org')).toBe(false);
    expect(isAllowedWebAuthnOrigin('https://demo.haven.example.org:443')).toBe(false);
    expect(isAllowedWebAuthnOrigin('https://demo.haven.example.org.evil.com')).toBe(false);
    expect(isAllowedWebAuthnOrigin('https://evilhaven.example.org')).toBe(false);
  });
});

describe('registration and authentication with a software authenticator', () => {
  beforeEach(() => useRoot({ APP_ROOT_DOMAIN: 'haven.localhost:3000' }));

  async function register(authenticator = new SoftAuthenticator()) {
    const options = await registrationOptions({
      userId: USER_ID,
      userName: 'jane@x.sch.uk',
      userDisplayName: 'Jane Smith',
      existingCredentialIds: [],
    });
    const response = authenticator.create(options, { origin: DEMO });
    const credential = await verifyRegistration({ response, expectedChallenge: options.challenge, origin: DEMO });
    const stored: StoredCredential = {
      id: credential.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports,
    };
    return { authenticator, credential, stored };
  }

  it('registers a key and signs in with it, counter going up each time', async () => {
    const { authenticator, credential, stored } = await register();
    expect(credential).toMatchObject({
      counter: 0,
      transports: ['usb'],
      aaguid: '00000000-0000-0000-0000-000000000000',
      userVerified: true,
      deviceType: 'singleDevice',
      backedUp: false,
    });
    expect(credential.publicKey).toBeInstanceOf(Uint8Array);

    for (const expected of [1, 2, 3]) {
      const options = await authenticationOptions({ allowCredentialIds: [stored.id] });
      const response = authenticator.get(options, { origin: DEMO });
      expect(userIdFromUserHandle(response.response.userHandle)).toBe(USER_ID);
      const result = await verifyAuthentication({
        response,
        expectedChallenge: options.challenge,
        origin: DEMO,
        credential: stored,
      });
      expect(result).toEqual({ newCounter: expected, userVerified: true });
      stored.counter = result.newCounter;
    }
  });

  it('works on the root domain too (same RP ID)', async () => {
    const { authenticator, stored } = await register();
    const options = await authenticationOptions({ allowCredentialIds: [stored.id] });
    const response = authenticator.get(options, { origin: 'http://haven.localhost:3000' });
    await expect(
      verifyAuthentication({
        response,
        expectedChallenge: options.challenge,
        origin: 'http://haven.localhost:3000',
        credential: stored,
      }),
    ).resolves.toMatchObject({ newCounter: 1 });
  });

  it('accepts keys that keep no counter (always 0)', async () => {
    const { authenticator, stored } = await register(
      new SoftAuthenticator({ countsSignatures: false, userVerified: false }),
    );
    for (let i = 0; i < 2; i += 1) {
      const options = await authenticationOptions({ allowCredentialIds: [stored.id] });
      const response = authenticator.get(options, { origin: DEMO });
      await expect(
        verifyAuthentication({ response, expectedChallenge: options.challenge, origin: DEMO, credential: stored }),
      ).resolves.toEqual({ newCounter: 0, userVerified: false });
    }
  });

  describe('registration refusals', () => {
    it('refuses a response made on another origin', async () => {
      const options = await registrationOptions({
        userId: USER_ID,
        userName: 'j',
        userDisplayName: 'J',
        existingCredentialIds: [],
      });
      const fromEvil = new SoftAuthenticator().create(options, { origin: 'http://evil.localhost:3001' });
      expect(
        (await refusal(verifyRegistration({ response: fromEvil, expectedChallenge: options.challenge, origin: DEMO })))
          .reason,
      ).toBe('wrong-origin');
      // Another school's subdomain is a valid Haven origin, but not the one this ceremony ran on.
      const fromSibling = new SoftAuthenticator().create(options, { origin: 'http://northfield.haven.localhost:3000' });
      expect(
        (
          await refusal(
            verifyRegistration({ response: fromSibling, expectedChallenge: options.challenge, origin: DEMO }),
          )
        ).reason,
      ).toBe('wrong-origin');
    });

    it('refuses to run a ceremony for an origin that is not Haven’s', async () => {
      const options = await registrationOptions({
        userId: USER_ID,
        userName: 'j',
        userDisplayName: 'J',
        existingCredentialIds: [],
      });
      const origin = 'http://evil.localhost:3001';
      const response = new SoftAuthenticator().create(options, { origin });
      expect(
        (await refusal(verifyRegistration({ response, expectedChallenge: options.challenge, origin }))).reason,
      ).toBe('origin-not-allowed');
    });

    it('refuses a response to another challenge', async () => {
      const options = await registrationOptions({
        userId: USER_ID,
        userName: 'j',
        userDisplayName: 'J',
        existingCredentialIds: [],
      });
      const other = await registrationOptions({
        userId: USER_ID,
        userName: 'j',
        userDisplayName: 'J',
        existingCredentialIds: [],
      });
      const response = new SoftAuthenticator().create(options, { origin: DEMO });
      const error = await refusal(verifyRegistration({ response, expectedChallenge: other.challenge, origin: DEMO }));
      expect(error.reason).toBe('wrong-challenge');
      expect(error.message).toBe('That security key request has expired. Try again.');
    });

    it('refuses a credential made for another RP ID', async () => {
      const options = await registrationOptions({
        userId: USER_ID,
        userName: 'j',
        userDisplayName: 'J',
        existingCredentialIds: [],
      });
      const response = new SoftAuthenticator().create(options, { origin: DEMO, rpId: 'evil.com' });
      expect(
        (await refusal(verifyRegistration({ response, expectedChallenge: options.challenge, origin: DEMO }))).reason,
      ).toBe('invalid');
    });

    it('refuses a malformed response', async () => {
      const options = await registrationOptions({
        userId: USER_ID,
        userName: 'j',
        userDisplayName: 'J',
        existingCredentialIds: [],
      });
      const response = new SoftAuthenticator().create(options, { origin: DEMO });
      const broken = { ...response, response: { ...response.response, clientDataJSON: '!!!' } };
      expect(
        (await refusal(verifyRegistration({ response: broken, expectedChallenge: options.challenge, origin: DEMO })))
          .reason,
      ).toBe('invalid');
      const truncated = {
        ...response,
        response: { ...response.response, attestationObject: response.response.attestationObject.slice(0, 40) },
      };
      expect(
        (await refusal(verifyRegistration({ response: truncated, expectedChallenge: options.challenge, origin: DEMO })))
          .reason,
      ).toBe('invalid');
    });
  });

  describe('authentication refusals', () => {
    it('refuses an assertion made on another origin', async () => {
      const { authenticator, stored } = await register();
      const options = await authenticationOptions({ allowCredentialIds: [stored.id] });
      for (const origin of [
        'http://evil.localhost:3001',
        'http://northfield.haven.localhost:3000',
        'https://demo.haven.localhost:3000',
      ]) {
        const response = authenticator.get(options, { origin });
        const error = await refusal(
          verifyAuthentication({ response, expectedChallenge: options.challenge, origin: DEMO, credential: stored }),
        );
        expect(error.reason, origin).toBe('wrong-origin');
      }
    });

    it('refuses an expected origin that is not Haven’s, even if the response matches it', async () => {
      const { authenticator, stored } = await register();
      const options = await authenticationOptions({ allowCredentialIds: [stored.id] });
      const origin = 'http://demo.haven.localhost:3000.evil.com';
      const response = authenticator.get(options, { origin });
      expect(
        (
          await refusal(
            verifyAuthentication({ response, expectedChallenge: options.challenge, origin, credential: stored }),
          )
        ).reason,
      ).toBe('origin-not-allowed');
    });

    it('refuses an assertion for another challenge', async () => {
      const { authenticator, stored } = await register();
      const issued = await authenticationOptions({ allowCredentialIds: [stored.id] });
      const other = await authenticationOptions({ allowCredentialIds: [stored.id] });
      const response = authenticator.get(other, { origin: DEMO });
      expect(
        (
          await refusal(
            verifyAuthentication({ response, expectedChallenge: issued.challenge, origin: DEMO, credential: stored }),
          )
        ).reason,
      ).toBe('wrong-challenge');
    });

    it('refuses the same assertion replayed, and a counter that did not go up', async () => {
      const { authenticator, stored } = await register();
      const options = await authenticationOptions({ allowCredentialIds: [stored.id] });
      const response = authenticator.get(options, { origin: DEMO });
      const first = await verifyAuthentication({
        response,
        expectedChallenge: options.challenge,
        origin: DEMO,
        credential: stored,
      });
      stored.counter = first.newCounter; // 1

      // The exact same response again (the challenge is normally single-use as well).
      const replay = await refusal(
        verifyAuthentication({ response, expectedChallenge: options.challenge, origin: DEMO, credential: stored }),
      );
      expect(replay.reason).toBe('counter-not-increased');
      expect(replay.message).toMatch(/may have been copied|can mean it has been copied/);

      // A fresh, validly signed assertion whose counter stayed the same or went back (a cloned key).
      for (const signCount of [1, 0]) {
        const next = await authenticationOptions({ allowCredentialIds: [stored.id] });
        const cloned = authenticator.get(next, { origin: DEMO, signCount });
        expect(
          (
            await refusal(
              verifyAuthentication({
                response: cloned,
                expectedChallenge: next.challenge,
                origin: DEMO,
                credential: stored,
              }),
            )
          ).reason,
        ).toBe('counter-not-increased');
      }

      // The genuine key carries on.
      const later = await authenticationOptions({ allowCredentialIds: [stored.id] });
      const ok = authenticator.get(later, { origin: DEMO, signCount: 5 });
      await expect(
        verifyAuthentication({ response: ok, expectedChallenge: later.challenge, origin: DEMO, credential: stored }),
      ).resolves.toMatchObject({ newCounter: 5 });
    });

    it('refuses a tampered signature or authenticator data, before looking at the counter', async () => {
      const { authenticator, stored } = await register();
      stored.counter = 10;
      const options = await authenticationOptions({ allowCredentialIds: [stored.id] });
      const response = authenticator.get(options, { origin: DEMO, signCount: 3 });
      const signature = Buffer.from(response.response.signature, 'base64url');
      signature[signature.length - 1] = (signature[signature.length - 1] ?? 0) ^ 1;
      const badSignature = {
        ...response,
        response: { ...response.response, signature: signature.toString('base64url') },
      };
      // Forged junk is 'invalid', not 'counter-not-increased': it must not get a genuine key flagged as cloned.
      expect(
        (
          await refusal(
            verifyAuthentication({
              response: badSignature,
              expectedChallenge: options.challenge,
              origin: DEMO,
              credential: stored,
            }),
          )
        ).reason,
      ).toBe('invalid');

      const authData = Buffer.from(response.response.authenticatorData, 'base64url');
      authData.writeUInt32BE(99, 33); // raise the counter without re-signing
      const badData = {
        ...response,
        response: { ...response.response, authenticatorData: authData.toString('base64url') },
      };
      expect(
        (
          await refusal(
            verifyAuthentication({
              response: badData,
              expectedChallenge: options.challenge,
              origin: DEMO,
              credential: stored,
            }),
          )
        ).reason,
      ).toBe('invalid');
    });

    it('refuses an assertion from another credential or signed for another RP ID', async () => {
      const { stored } = await register();
      const { authenticator: otherKey, stored: otherStored } = await register();
      const options = await authenticationOptions({ allowCredentialIds: [otherStored.id] });
      const response = otherKey.get(options, { origin: DEMO });
      expect(
        (
          await refusal(
            verifyAuthentication({ response, expectedChallenge: options.challenge, origin: DEMO, credential: stored }),
          )
        ).reason,
      ).toBe('invalid');
      // Same id, but the other key's signature cannot verify under this public key.
      const swapped = { ...response, id: stored.id, rawId: stored.id };
      expect(
        (
          await refusal(
            verifyAuthentication({
              response: swapped,
              expectedChallenge: options.challenge,
              origin: DEMO,
              credential: stored,
            }),
          )
        ).reason,
      ).toBe('invalid');

      const wrongRp = otherKey.get(options, { origin: DEMO, rpId: 'evil.com' });
      expect(
        (
          await refusal(
            verifyAuthentication({
              response: wrongRp,
              expectedChallenge: options.challenge,
              origin: DEMO,
              credential: otherStored,
            }),
          )
        ).reason,
      ).toBe('invalid');
    });
  });
});

describe('userIdFromUserHandle', () => {
  it('turns a 16-byte handle back into the UUID and refuses anything else', () => {
    const handle = Buffer.from(USER_ID.replace(/-/g, ''), 'hex').toString('base64url');
    expect(userIdFromUserHandle(handle)).toBe(USER_ID);
    expect(userIdFromUserHandle(undefined)).toBeNull();
    expect(userIdFromUserHandle('')).toBeNull();
    expect(userIdFromUserHandle(Buffer.from('jane').toString('base64url'))).toBeNull();
  });
});
