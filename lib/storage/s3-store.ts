/**
 * Blob store on S3 or any S3-compatible server (MinIO, Ceph, R2, s3rver…):
 * `endpoint` and `forcePathStyle` point the SDK at a non-AWS server; without
 * static credentials the SDK's default chain is used (IAM role on AWS).
 */
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { Config } from '../config';
import { assertValidKey, assertValidPrefix, compareKeys } from './keys';
import type { BlobInfo, BlobStore, PutOptions } from './types';

export type S3StorageConfig = Extract<Config['storage'], { driver: 's3' }>;

export interface S3StoreOptions {
  /** Keys per ListObjectsV2 page (S3 caps it at 1000); tests lower it to exercise pagination. */
  listPageSize?: number;
  /** Bytes per part of a streamed upload (S3 needs at least 5 MiB except for the last part); tests lower it. */
  partBytes?: number;
}

const DEFAULT_PART_BYTES = 8 * 1024 * 1024;

/** Regroups a stream into parts of exactly `size` bytes (the last may be shorter), one part in memory at a time. */
async function* parts(body: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  for await (const chunk of body) {
    let piece = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (heldBytes + piece.length >= size) {
      const take = size - heldBytes;
      held.push(piece.subarray(0, take));
      yield Buffer.concat(held);
      held = [];
      heldBytes = 0;
      piece = piece.subarray(take);
    }
    if (piece.length > 0) {
      held.push(Buffer.from(piece)); // copied: the source may reuse its buffer
      heldBytes += piece.length;
    }
  }
  if (heldBytes > 0) yield Buffer.concat(held);
}

/**
 * True only when the *object* is missing. A missing bucket is also a 404, but it
 * is a deployment error and must not look like an empty store. (Note: without
 * s3:ListBucket permission AWS answers 403 for a missing key, which get() then
 * reports as an error; grant that permission on the bucket.)
 */
function isMissingObject(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.Code ?? e.name;
  if (code === 'NoSuchKey') return true;
  return e.$metadata?.httpStatusCode === 404 && code !== 'NoSuchBucket';
}

function createS3Client(cfg: S3StorageConfig): S3Client {
  const clientConfig: S3ClientConfig = {
    region: cfg.region,
    forcePathStyle: cfg.forcePathStyle,
  };
  if (cfg.endpoint) clientConfig.endpoint = cfg.endpoint;
  if (cfg.credentials) clientConfig.credentials = cfg.credentials;
  return new S3Client(clientConfig);
}

export function createS3BlobStore(cfg: S3StorageConfig, options: S3StoreOptions = {}): BlobStore {
  const client = createS3Client(cfg);
  const bucket = cfg.bucket;
  const pageSize = Math.min(Math.max(Math.trunc(options.listPageSize ?? 1000), 1), 1000);
  const partBytes = Math.max(Math.trunc(options.partBytes ?? DEFAULT_PART_BYTES), 1);

  return {
    async put(key: string, body: Uint8Array, opts?: PutOptions): Promise<void> {
      assertValidKey(key);
      // S3 PUT is atomic per object: readers see the old object or the new one, never a mix.
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentLength: body.byteLength,
          ContentType: opts?.contentType ?? 'application/octet-stream',
        }),
      );
    },

    async putStream(key: string, body: AsyncIterable<Uint8Array>, opts?: PutOptions): Promise<number> {
      assertValidKey(key);
      const contentType = opts?.contentType ?? 'application/octet-stream';
      const source = parts(body, partBytes)[Symbol.asyncIterator]();
      const first = await source.next();
      const firstPart = first.done ? Buffer.alloc(0) : first.value;
      const second = first.done ? first : await source.next();
      if (second.done) {
        // Fits in one part: a plain PUT, atomic as put() is.
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: firstPart,
            ContentLength: firstPart.length,
            ContentType: contentType,
          }),
        );
        return firstPart.length;
      }
      // A multipart upload is invisible until completed, so readers never see part of it.
      const created = await client.send(
        new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }),
      );
      const uploadId = created.UploadId;
      if (!uploadId) throw new Error('S3 CreateMultipartUpload returned no upload id');
      const done: CompletedPart[] = [];
      let written = 0;
      try {
        const send = async (part: Buffer) => {
          const n = done.length + 1;
          const res = await client.send(
            new UploadPartCommand({
              Bucket: bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber: n,
              Body: part,
              ContentLength: part.length,
            }),
          );
          done.push({ PartNumber: n, ETag: res.ETag });
          written += part.length;
        };
        await send(firstPart);
        await send(second.value);
        for (let next = await source.next(); !next.done; next = await source.next()) await send(next.value);
        await client.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: done },
          }),
        );
        return written;
      } catch (err) {
        await client
          .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
          .catch(() => undefined); // the bucket's lifecycle rule removes abandoned parts anyway
        throw err;
      }
    },

    async getStream(key: string): Promise<Readable | null> {
      assertValidKey(key);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!res.Body) throw new Error(`S3 returned no body for ${JSON.stringify(key)}`);
        const body = res.Body as unknown;
        if (body instanceof Readable) return body;
        return Readable.fromWeb(res.Body.transformToWebStream() as Parameters<typeof Readable.fromWeb>[0]);
      } catch (err) {
        if (isMissingObject(err)) return null;
        throw err;
      }
    },

    async get(key: string): Promise<Uint8Array | null> {
      assertValidKey(key);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!res.Body) throw new Error(`S3 returned no body for ${JSON.stringify(key)}`);
        return await res.Body.transformToByteArray();
      } catch (err) {
        if (isMissingObject(err)) return null;
        throw err;
      }
    },

    async delete(key: string): Promise<void> {
      assertValidKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (err) {
        // S3 answers 204 for a missing key; some compatible servers answer 404. Either way it is gone.
        if (!isMissingObject(err)) throw err;
      }
    },

    async list(prefix: string): Promise<BlobInfo[]> {
      assertValidPrefix(prefix);
      const out: BlobInfo[] = [];
      let token: string | undefined;
      do {
        const res = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix === '' ? undefined : prefix,
            MaxKeys: pageSize,
            ContinuationToken: token,
          }),
        );
        for (const obj of res.Contents ?? []) {
          if (obj.Key === undefined) continue;
          out.push({ key: obj.Key, size: obj.Size ?? 0, lastModified: obj.LastModified ?? new Date(0) });
        }
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
        if (res.IsTruncated && !token) throw new Error('S3 listing was truncated but returned no continuation token');
      } while (token);
      // S3 already orders by UTF-8 bytes; sorting again makes that a guarantee for every compatible server.
      return out.sort((a, b) => compareKeys(a.key, b.key));
    },
  };
}
