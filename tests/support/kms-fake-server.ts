/**
 * A small fake AWS KMS on 127.0.0.1 speaking the real wire protocol (JSON 1.1:
 * POST / with `X-Amz-Target: TrentService.<Operation>`), so the KMS key
 * provider runs through the actual SDK code path over HTTP.
 *
 * It implements GenerateDataKey and Decrypt the way KMS behaves for callers:
 * the ciphertext blob is opaque, bound to the key and to the EncryptionContext
 * (here with AES-256-GCM under a per-key secret, the context as additional
 * data), Decrypt with another context or a tampered blob answers
 * InvalidCiphertextException, and Decrypt naming another key answers
 * IncorrectKeyException. Requests must be SigV4-signed with the expected
 * access key id.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_KMS_CREDENTIALS = { accessKeyId: 'AKIAFAKEKMSTEST', secretAccessKey: 'fake-kms-secret' } as const;
export const FAKE_KMS_REGION = 'eu-west-2';

export interface KmsCall {
  operation: string;
  body: Record<string, unknown>;
}

export interface FakeKms {
  endpoint: string;
  /** The key that exists (as an ARN, which is what KeyId usually holds in configuration). */
  keyId: string;
  /** A second existing key, for "wrapped under another key" tests. */
  otherKeyId: string;
  calls: KmsCall[];
  close(): Promise<void>;
}

class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function canonical(context: unknown): Buffer {
  if (context === undefined) return Buffer.alloc(0);
  if (typeof context !== 'object' || context === null)
    throw new KmsError('ValidationException', 'EncryptionContext must be a map');
  const pairs = Object.entries(context as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [, v] of pairs)
    if (typeof v !== 'string') throw new KmsError('ValidationException', 'context values must be strings');
  return Buffer.from(JSON.stringify(pairs));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeKms(): Promise<FakeKms> {
  const region = FAKE_KMS_REGION;
  const account = '111122223333';
  const keyId = `arn:aws:kms:${region}:${account}:key/${randomUUID()}`;
  const otherKeyId = `arn:aws:kms:${region}:${account}:key/${randomUUID()}`;
  const secrets = new Map<string, Buffer>([
    [keyId, randomBytes(32)],
    [otherKeyId, randomBytes(32)],
  ]);
  const calls: KmsCall[] = [];

  function resolveKey(id: unknown): string {
    if (typeof id !== 'string' || !secrets.has(id))
      throw new KmsError('NotFoundException', `Key '${String(id)}' does not exist`);
    return id;
  }

  // Blob: key ARN length (1) | key ARN | IV (12) | tag (16) | encrypted data key
  function wrap(key: string, plaintext: Buffer, context: unknown): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', secrets.get(key)!, iv);
    cipher.setAAD(canonical(context));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const arn = Buffer.from(key);
    return Buffer.concat([Buffer.of(arn.length), arn, iv, cipher.getAuthTag(), ct]);
  }

  function unwrap(blob: Buffer, context: unknown, expectedKey: unknown): { key: string; plaintext: Buffer } {
    const invalid = () => new KmsError('InvalidCiphertextException', '');
    const arnLength = blob[0];
    if (arnLength === undefined || blob.length < 1 + arnLength + 12 + 16) throw invalid();
    const key = blob.subarray(1, 1 + arnLength).toString();
    const secret = secrets.get(key);
    if (!secret) throw invalid();
    if (expectedKey !== undefined && expectedKey !== key) {
      throw new KmsError(
        'IncorrectKeyException',
        'The key ID in the request does not identify the key that encrypted the ciphertext.',
      );
    }
    let offset = 1 + arnLength;
    const iv = blob.subarray(offset, (offset += 12));
    const tag = blob.subarray(offset, (offset += 16));
    try {
      const decipher = createDecipheriv('aes-256-gcm', secret, iv);
      decipher.setAAD(canonical(context));
      decipher.setAuthTag(tag);
      return { key, plaintext: Buffer.concat([decipher.update(blob.subarray(offset)), decipher.final()]) };
    } catch {
      throw invalid();
    }
  }

  function handle(operation: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (operation) {
      case 'GenerateDataKey': {
        const key = resolveKey(body.KeyId);
        if (body.KeySpec !== 'AES_256')
          throw new KmsError('ValidationException', 'this fake only supports KeySpec AES_256');
        const plaintext = randomBytes(32);
        return {
          KeyId: key,
          Plaintext: plaintext.toString('base64'),
          CiphertextBlob: wrap(key, plaintext, body.EncryptionContext).toString('base64'),
        };
      }
      case 'Decrypt': {
        if (typeof body.CiphertextBlob !== 'string')
          throw new KmsError('ValidationException', 'CiphertextBlob is required');
        const { key, plaintext } = unwrap(
          Buffer.from(body.CiphertextBlob, 'base64'),
          body.EncryptionContext,
          body.KeyId,
        );
        return { KeyId: key, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      }
      default:
        throw new KmsError('UnknownOperationException', `${operation} is not implemented by the fake`);
    }
  }

  function send(res: ServerResponse, status: number, payload: unknown) {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify(payload));
  }

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const target = String(req.headers['x-amz-target'] ?? '');
        if (req.method !== 'POST' || !target.startsWith('TrentService.')) {
          throw new KmsError('UnknownOperationException', `unexpected ${req.method} ${req.url} ${target}`);
        }
        const auth = String(req.headers.authorization ?? '');
        if (
          !auth.startsWith(`AWS4-HMAC-SHA256 Credential=${FAKE_KMS_CREDENTIALS.accessKeyId}/`) ||
          !auth.includes('/kms/aws4_request')
        ) {
          throw new KmsError('UnrecognizedClientException', 'The security token included in the request is invalid.');
        }
        const operation = target.slice('TrentService.'.length);
        const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
        calls.push({ operation, body });
        send(res, 200, handle(operation, body));
      } catch (err) {
        if (err instanceof KmsError) send(res, err.status, { __type: err.type, message: err.message });
        else send(res, 500, { __type: 'KMSInternalException', message: String(err) });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    keyId,
    otherKeyId,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
