// Child process that runs @20minutes/s3rver for tests/support/s3-server.ts.
//
// It runs in its own Node process, started with --openssl-legacy-provider,
// because s3rver encrypts ListObjectsV2 continuation tokens with DES, which
// OpenSSL 3 (Node 17+) only offers through the legacy provider; without it
// every paginated listing fails with ERR_OSSL_EVP_UNSUPPORTED. Keeping it out
// of the test process also keeps s3rver's global logger and uncaught-exception
// handlers out of Vitest.
//
// Usage: node --openssl-legacy-provider s3-server-process.mjs '<json options>'
// Prints one JSON line {"port": n} once listening; exits when stdin closes
// (so it never outlives the test process) or on SIGTERM.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import S3rver from '@20minutes/s3rver';

// Real S3 makes a PUT atomic: a reader sees the old object or the new one,
// never a mixture, and the PUT answers only once the object is stored.
// s3rver's filesystem store writes straight into the object's file (two
// concurrent PUTs interleave their bytes) and, for a buffered body, answers
// before the bytes reach the disk. Its putContent is replaced here with the
// same write into a temporary file, awaited, then renamed over the object, so
// the contract tests hold the test server to S3's behaviour rather than to
// the stand-in's shortcuts. The temporary name lacks s3rver's
// "._S3rver_object" suffix, so listings never show it.
const require = createRequire(import.meta.url);
const FilesystemStore = require('@20minutes/s3rver/lib/stores/filesystem.js');
FilesystemStore.prototype.putContent = async function putContentAtomically(objectPath, content) {
  const temporary = `${objectPath}.${randomBytes(8).toString('hex')}.partial`;
  const md5 = createHash('md5');
  let size = 0;
  try {
    if (Buffer.isBuffer(content)) {
      md5.update(content);
      size = content.length;
      await writeFile(temporary, content);
    } else {
      const count = new Transform({
        transform(chunk, _encoding, callback) {
          md5.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      await pipeline(content, count, createWriteStream(temporary));
    }
    await rename(temporary, objectPath);
    return [size, md5.digest('hex')];
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
};

const { directory, bucket, verbose } = JSON.parse(process.argv[2] ?? '{}');

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: !verbose,
  directory,
  vhostBuckets: false,
  // See the note in s3-server.ts: s3rver cannot verify SDK v3 signatures of bucket-level requests.
  allowMismatchedSignatures: true,
  resetOnClose: false, // the parent removes the whole folder after the child exits
  configureBuckets: [{ name: bucket }],
});

const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await server.close().catch(() => undefined);
  process.exit(0);
}
process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
