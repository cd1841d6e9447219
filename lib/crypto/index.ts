/**
 * Encryption at rest: the one place that picks the key provider (local master
 * key or AWS KMS) from validated configuration. Everything else asks
 * `getKeyProvider()` and uses the envelope / string helpers.
 */
import 'server-only';
import { getConfig, type Config } from '../config';
import { createKmsKeyProvider, type KmsClientOverrides } from './kms-key-provider';
import { createLocalKeyProvider } from './local-key-provider';
import type { KeyProvider } from './types';

export { DecryptionError, type DataKey, type EncryptionContext, type Envelope, type KeyProvider } from './types';
export { encryptEnvelope, decryptEnvelope } from './envelope';
export { encryptString, decryptString } from './secret-string';
export {
  CHUNKED_VERSION,
  DEFAULT_CHUNK_BYTES,
  chunkedSize,
  createChunkedDecryptor,
  createChunkedEncryptor,
  type ChunkedKeyInfo,
} from './chunked-stream';
export { canonicalContext } from './context';
export { createLocalKeyProvider, type LocalKeyConfig } from './local-key-provider';
export { createKmsKeyProvider, type KmsClientOverrides, type KmsKeyConfig } from './kms-key-provider';

export function createKeyProvider(cfg: Config['keys'], kmsOverrides?: KmsClientOverrides): KeyProvider {
  switch (cfg.provider) {
    case 'local':
      return createLocalKeyProvider(cfg);
    case 'kms':
      return createKmsKeyProvider(cfg, kmsOverrides);
  }
}

let cached: { cfg: Config['keys']; provider: KeyProvider } | undefined;

/**
 * The process's key provider, cached per configuration object (a test that
 * swaps the configuration gets a provider for the new one). The local master
 * key is read or created on first use, not here.
 */
export function getKeyProvider(): KeyProvider {
  const cfg = getConfig().keys;
  if (cached?.cfg !== cfg) cached = { cfg, provider: createKeyProvider(cfg) };
  return cached.provider;
}
