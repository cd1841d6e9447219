/**
 * A real S3-compatible HTTP server for tests: @20minutes/s3rver (the maintained
 * fork of s3rver) on 127.0.0.1, on a port the OS picks, storing in a temporary
 * folder, in a child process (see s3-server-process.mjs for why).
 *
 * Signatures: the SDK signs every request, and the server refuses an unknown
 * access key id, so configured credentials do reach the wire. But the server
 * cannot verify SigV4 signatures of bucket-level requests from current SDK v3
 * releases: the SDK signs the path-style URL `/<bucket>/` (with the trailing
 * slash it sends), while s3rver (4.0.4 and 5.0.0, middleware/authentication.js)
 * canonicalises it as `/<bucket>`, so ListObjectsV2 always fails with
 * SignatureDoesNotMatch. Real S3, MinIO etc. sign the path as sent. Hence
 * `allowMismatchedSignatures: true`; SigV4 itself is the SDK's job.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { S3StorageConfig } from '@/lib/storage';

const CHILD_SCRIPT = fileURLToPath(new URL('./s3-server-process.mjs', import.meta.url));
const START_TIMEOUT_MS = 15_000;

/** s3rver's built-in account; any other access key id is rejected with InvalidAccessKeyId. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** A storage config pointing at this server, as lib/config.ts would build it from S3_* variables. */
  storageConfig: S3StorageConfig;
  close(): Promise<void>;
}

/** Starts the server; pass `verbose` to see its request log on stderr while debugging. */
export async function startS3Server(bucket = 'haven-test', verbose = false): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'haven-s3rver-'));
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', CHILD_SCRIPT, JSON.stringify({ directory, bucket, verbose })],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('s3rver did not start in time')), START_TIMEOUT_MS);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`s3rver exited before listening (code ${code})`)));
      createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        try {
          resolve((JSON.parse(line) as { port: number }).port);
        } catch (err) {
          reject(err);
        }
      });
    });
  } catch (err) {
    child.kill('SIGTERM');
    await rm(directory, { recursive: true, force: true });
    throw err;
  }

  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    storageConfig: {
      driver: 's3',
      bucket,
      region: 'eu-west-2',
      endpoint,
      forcePathStyle: true,
      credentials: { ...S3RVER_CREDENTIALS },
    },
    async close() {
      if (child.exitCode === null) {
        child.stdin!.end(); // the child exits when its stdin closes
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
