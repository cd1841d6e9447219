/**
 * Key provider on AWS KMS: GenerateDataKey (AES_256) and Decrypt, with the
 * encryption context passed to KMS (which binds it into the wrapped key and
 * records it in CloudTrail) and the key id pinned on Decrypt, so a wrapped key
 * from another KMS key is refused rather than decrypted with it.
 *
 * Credentials come from the SDK's default chain (the Lambda or instance role);
 * `endpoint` points it at a VPC endpoint or a test server.
 */
import 'server-only';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import type { Config } from '../config';
import { assertValidContext } from './context';
import { DecryptionError, type DataKey, type EncryptionContext, type KeyProvider } from './types';

export type KmsKeyConfig = Extract<Config['keys'], { provider: 'kms' }>;

/** SDK settings that do not come from Haven's configuration (tests pass static credentials here). */
export interface KmsClientOverrides {
  credentials?: KMSClientConfig['credentials'];
}

const DATA_KEY_BYTES = 32;
// KMS's answers for "this ciphertext/context/key does not decrypt"; anything else (network, throttling) is not a DecryptionError.
const REFUSALS = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);

export function createKmsKeyProvider(
  cfg: Pick<KmsKeyConfig, 'keyId' | 'region' | 'endpoint'>,
  overrides: KmsClientOverrides = {},
): KeyProvider {
  const clientConfig: KMSClientConfig = { region: cfg.region };
  if (cfg.endpoint) clientConfig.endpoint = cfg.endpoint;
  if (overrides.credentials) clientConfig.credentials = overrides.credentials;
  const client = new KMSClient(clientConfig);

  return {
    id: 'kms',

    async generateDataKey(context: EncryptionContext): Promise<DataKey> {
      assertValidContext(context);
      const res = await client.send(
        new GenerateDataKeyCommand({ KeyId: cfg.keyId, KeySpec: 'AES_256', EncryptionContext: context }),
      );
      if (!res.Plaintext || res.Plaintext.length !== DATA_KEY_BYTES || !res.CiphertextBlob?.length) {
        throw new Error('KMS GenerateDataKey returned no usable 256-bit data key');
      }
      return { plaintext: Buffer.from(res.Plaintext), wrapped: Buffer.from(res.CiphertextBlob) };
    },

    async unwrapDataKey(wrapped: Buffer, context: EncryptionContext): Promise<Buffer> {
      assertValidContext(context);
      let res;
      try {
        res = await client.send(
          new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: context, KeyId: cfg.keyId }),
        );
      } catch (err) {
        const name = (err as { name?: string } | null)?.name;
        if (name && REFUSALS.has(name)) {
          throw new DecryptionError(
            `KMS refused to unwrap the data key (${name}): wrong key or context, or corrupted`,
            {
              cause: err,
            },
          );
        }
        throw err;
      }
      if (!res.Plaintext || res.Plaintext.length !== DATA_KEY_BYTES) {
        throw new DecryptionError('KMS Decrypt returned no 256-bit data key');
      }
      return Buffer.from(res.Plaintext);
    },
  };
}
