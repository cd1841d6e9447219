/**
 * The KMS key provider through the real AWS SDK, over HTTP, against a fake KMS
 * (tests/support/kms-fake-server.ts) that checks the encryption context.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DecryptionError,
  createKmsKeyProvider,
  decryptEnvelope,
  decryptString,
  encryptEnvelope,
  encryptString,
  type KeyProvider,
} from '@/lib/crypto';
import { FAKE_KMS_CREDENTIALS, FAKE_KMS_REGION, startFakeKms, type FakeKms } from '../support/kms-fake-server';

let kms: FakeKms;
let provider: KeyProvider;
const ctx = { school: 'school-1', document: 'doc-1' };

beforeAll(async () => {
  kms = await startFakeKms();
  provider = createKmsKeyProvider(
    { keyId: kms.keyId, region: FAKE_KMS_REGION, endpoint: kms.endpoint },
    { credentials: { ...FAKE_KMS_CREDENTIALS } },
  );
});
afterAll(async () => {
  await kms?.close();
});

function flipByte(buf: Buffer, index: number): Buffer {
  const copy = Buffer.from(buf);
  copy[index] = copy[index]! ^ 0x01;
  return copy;
}

describe('KMS key provider', () => {
  it('asks KMS for an AES-256 data key with the key id and encryption context, and decrypts with both', async () => {
    kms.calls.length = 0;
    const plaintext = randomBytes(4096);
    const env = await encryptEnvelope(provider, plaintext, ctx);
    expect(env.keyProvider).toBe('kms');
    expect((await decryptEnvelope(provider, env, { document: 'doc-1', school: 'school-1' })).equals(plaintext)).toBe(
      true,
    );

    expect(kms.calls.map((c) => c.operation)).toEqual(['GenerateDataKey', 'Decrypt']);
    expect(kms.calls[0]!.body).toMatchObject({ KeyId: kms.keyId, KeySpec: 'AES_256', EncryptionContext: ctx });
    expect(kms.calls[1]!.body).toMatchObject({
      KeyId: kms.keyId,
      EncryptionContext: ctx,
      CiphertextBlob: env.wrappedKey.toString('base64'),
    });
  });

  it('makes a fresh data key per object', async () => {
    const a = await encryptEnvelope(provider, Buffer.from('same'), ctx);
    const b = await encryptEnvelope(provider, Buffer.from('same'), ctx);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('fails when the context differs: KMS refuses the wrapped key', async () => {
    const env = await encryptEnvelope(provider, Buffer.from('secret'), ctx);
    kms.calls.length = 0;
    await expect(decryptEnvelope(provider, env, { school: 'school-2', document: 'doc-1' })).rejects.toBeInstanceOf(
      DecryptionError,
    );
    expect(kms.calls.map((c) => c.operation)).toEqual(['Decrypt']);
  });

  it('fails when the wrapped key, ciphertext, tag or IV is tampered with', async () => {
    const env = await encryptEnvelope(provider, Buffer.from('secret'), ctx);
    for (const bad of [
      { ...env, wrappedKey: flipByte(env.wrappedKey, env.wrappedKey.length - 1) },
      { ...env, ciphertext: flipByte(env.ciphertext, 0) },
      { ...env, tag: flipByte(env.tag, 3) },
      { ...env, iv: flipByte(env.iv, 11) },
    ]) {
      await expect(decryptEnvelope(provider, bad, ctx)).rejects.toBeInstanceOf(DecryptionError);
    }
  });

  it('refuses a key wrapped under another KMS key, because Decrypt pins the configured key id', async () => {
    const other = createKmsKeyProvider(
      { keyId: kms.otherKeyId, region: FAKE_KMS_REGION, endpoint: kms.endpoint },
      { credentials: { ...FAKE_KMS_CREDENTIALS } },
    );
    const env = await encryptEnvelope(other, Buffer.from('x'), ctx);
    await expect(decryptEnvelope(provider, env, ctx)).rejects.toThrow(/IncorrectKeyException/);
  });

  it('reports an unknown key as an error from KMS, not as a decryption failure', async () => {
    const missing = createKmsKeyProvider(
      {
        keyId: 'arn:aws:kms:eu-west-2:111122223333:key/does-not-exist',
        region: FAKE_KMS_REGION,
        endpoint: kms.endpoint,
      },
      { credentials: { ...FAKE_KMS_CREDENTIALS } },
    );
    const err = await missing.generateDataKey(ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'NotFoundException' });
    expect(err).not.toBeInstanceOf(DecryptionError);
  });

  it('sends signed requests with the given credentials', async () => {
    const stranger = createKmsKeyProvider(
      { keyId: kms.keyId, region: FAKE_KMS_REGION, endpoint: kms.endpoint },
      { credentials: { accessKeyId: 'AKIASOMEONEELSE', secretAccessKey: 'x' } },
    );
    await expect(stranger.generateDataKey(ctx)).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it('round-trips the compact string format', async () => {
    const sctx = { purpose: 'totp', user: 'user-1' };
    const packed = await encryptString(provider, 'JBSWY3DPEHPK3PXP', sctx);
    expect(await decryptString(provider, packed, sctx)).toBe('JBSWY3DPEHPK3PXP');
    await expect(decryptString(provider, packed, { purpose: 'totp', user: 'user-2' })).rejects.toBeInstanceOf(
      DecryptionError,
    );
  });
});
