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
import S3rver from '@20minutes/s3rver';

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
