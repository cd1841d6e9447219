/**
 * Blob storage: the one place that picks the driver (local folder or S3) from
 * validated configuration. Everything else asks `getStorage()`.
 */
import { getConfig, type Config } from '../config';
import { createLocalBlobStore } from './local-store';
import { createS3BlobStore } from './s3-store';
import type { BlobStore } from './types';

export type { BlobInfo, BlobStore, PutOptions } from './types';
export { InvalidBlobKeyError, assertValidKey, assertValidPrefix, compareKeys } from './keys';
export { createLocalBlobStore } from './local-store';
export { createS3BlobStore, type S3StorageConfig, type S3StoreOptions } from './s3-store';

export function createStorage(cfg: Config['storage']): BlobStore {
  switch (cfg.driver) {
    case 'local':
      return createLocalBlobStore(cfg.dir);
    case 's3':
      return createS3BlobStore(cfg);
  }
}

let cached: { cfg: Config['storage']; store: BlobStore } | undefined;

/**
 * The process's blob store. Cached per configuration object, so a test that
 * swaps the configuration (setConfigForTests) gets a store for the new one.
 */
export function getStorage(): BlobStore {
  const cfg = getConfig().storage;
  if (cached?.cfg !== cfg) cached = { cfg, store: createStorage(cfg) };
  return cached.store;
}
