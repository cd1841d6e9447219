/**
 * Envelope encryption with the local key provider: round trips, tamper and
 * context checks, the compact string format, and the master key file.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseConfig, setConfigForTests } from '@/lib/config';
import {
  DecryptionError,
  canonicalContext,
  createKeyProvider,
  createLocalKeyProvider,
  decryptEnvelope,
  decryptString,
  encryptEnvelope,
  encryptString,
  getKeyProvider,
  type Envelope,
  type KeyProvider,
} from '@/lib/crypto';

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'haven-crypto-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

const MASTER = randomBytes(32).toString('base64');
const provider: KeyProvider = createLocalKeyProvider({ masterKey: MASTER, keyFile: '/nonexistent/never-used.key' });
const ctx = { school: 'school-1', document: 'doc-1' };

function flipByte(buf: Buffer, index = 0): Buffer {
  const copy = Buffer.from(buf);
  copy[index] = copy[index]! ^ 0x01;
  return copy;
}

describe('envelope encryption (local master key)', () => {
  it('round-trips bytes, including empty and large inputs', async () => {
    for (const plaintext of [
      Buffer.from('Concern raised about Zoë, Year 7'),
      Buffer.alloc(0),
      randomBytes(3 * 1024 * 1024),
    ]) {
      const env = await encryptEnvelope(provider, plaintext, ctx);
      expect(env.keyProvider).toBe('local');
      expect(env.iv.length).toBe(12);
      expect(env.tag.length).toBe(16);
      expect(env.ciphertext.length).toBe(plaintext.length);
      if (plaintext.length > 0) expect(env.ciphertext.equals(plaintext)).toBe(false);
      expect((await decryptEnvelope(provider, env, ctx)).equals(plaintext)).toBe(true);
    }
  });

  it('accepts the context in any key order (canonical form)', async () => {
    const env = await encryptEnvelope(provider, Buffer.from('x'), { school: 's', document: 'd' });
    expect((await decryptEnvelope(provider, env, { document: 'd', school: 's' })).toString()).toBe('x');
    expect(canonicalContext({ b: '2', a: '1' }).equals(canonicalContext({ a: '1', b: '2' }))).toBe(true);
    // Quoting keeps contexts that would concatenate alike apart.
    expect(canonicalContext({ a: 'b,c' }).equals(canonicalContext({ a: 'b', c: '' }))).toBe(false);
  });

  it('produces different output for the same plaintext every time (fresh key and IV)', async () => {
    const plaintext = Buffer.from('same plaintext');
    const a = await encryptEnvelope(provider, plaintext, ctx);
    const b = await encryptEnvelope(provider, plaintext, ctx);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
  });

  describe('refuses anything tampered with', () => {
    let env: Envelope;
    const plaintext = Buffer.from('a record about a child at risk');
    const tampered: [string, (e: Envelope) => Envelope][] = [
      ['a flipped ciphertext byte', (e) => ({ ...e, ciphertext: flipByte(e.ciphertext, 5) })],
      ['a flipped tag byte', (e) => ({ ...e, tag: flipByte(e.tag, 15) })],
      ['a flipped IV byte', (e) => ({ ...e, iv: flipByte(e.iv, 0) })],
      [
        'a flipped byte in the wrapped key (encrypted key)',
        (e) => ({ ...e, wrappedKey: flipByte(e.wrappedKey, e.wrappedKey.length - 1) }),
      ],
      ['a flipped byte in the wrapped key (its tag)', (e) => ({ ...e, wrappedKey: flipByte(e.wrappedKey, 20) })],
      ['a flipped byte in the wrapped key (its key id)', (e) => ({ ...e, wrappedKey: flipByte(e.wrappedKey, 1) })],
      ['a truncated ciphertext', (e) => ({ ...e, ciphertext: e.ciphertext.subarray(1) })],
      ['a truncated tag', (e) => ({ ...e, tag: e.tag.subarray(0, 12) })],
      ['another object\u2019s wrapped key', (e) => ({ ...e, wrappedKey: Buffer.from(otherEnv.wrappedKey) })],
      ['a different key provider name', (e) => ({ ...e, keyProvider: 'kms' })],
    ];
    let otherEnv: Envelope;

    it.each(tampered)('%s', async (_label, mutate) => {
      env ??= await encryptEnvelope(provider, plaintext, ctx);
      otherEnv ??= await encryptEnvelope(provider, plaintext, ctx);
      await expect(decryptEnvelope(provider, mutate(env), ctx)).rejects.toBeInstanceOf(DecryptionError);
      // The untouched envelope still decrypts: the failure came from the change alone.
      expect((await decryptEnvelope(provider, env, ctx)).equals(plaintext)).toBe(true);
    });

    it.each([
      ['another document', { school: 'school-1', document: 'doc-2' }],
      ['another school', { school: 'school-2', document: 'doc-1' }],
      ['an extra entry', { ...ctx, extra: 'x' }],
      ['a missing entry', { school: 'school-1' }],
      ['a renamed key', { school: 'school-1', doc: 'doc-1' }],
    ])('a changed context: %s', async (_label, other) => {
      env ??= await encryptEnvelope(provider, plaintext, ctx);
      await expect(decryptEnvelope(provider, env, other)).rejects.toBeInstanceOf(DecryptionError);
    });

    it('a different master key', async () => {
      env ??= await encryptEnvelope(provider, plaintext, ctx);
      const stranger = createLocalKeyProvider({
        masterKey: randomBytes(32).toString('base64'),
        keyFile: '/nonexistent',
      });
      await expect(decryptEnvelope(stranger, env, ctx)).rejects.toThrow(/different master key/);
    });
  });

  it('refuses an empty or malformed context before encrypting', async () => {
    await expect(encryptEnvelope(provider, Buffer.from('x'), {})).rejects.toThrow(/at least one entry/);
    await expect(encryptEnvelope(provider, Buffer.from('x'), { school: 1 as unknown as string })).rejects.toThrow(
      /string/,
    );
    await expect(encryptEnvelope(provider, Buffer.from('x'), { '': 'x' })).rejects.toThrow(/not be empty/);
  });

  it('refuses a malformed master key in the configuration', async () => {
    const short = createLocalKeyProvider({ masterKey: randomBytes(16).toString('base64'), keyFile: '/nonexistent' });
    await expect(short.generateDataKey(ctx)).rejects.toThrow(/32 random bytes/);
  });
});

describe('encryptString / decryptString', () => {
  it('round-trips a secret through one compact base64url string', async () => {
    const secret = 'JBSWY3DPEHPK3PXP — ünïcödé ✓';
    const sctx = { purpose: 'totp', user: 'user-1' };
    const packed = await encryptString(provider, secret, sctx);
    expect(packed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(packed).not.toContain(secret.slice(0, 8));
    expect(await decryptString(provider, packed, sctx)).toBe(secret);
    expect(await encryptString(provider, secret, sctx)).not.toBe(packed);
  });

  it('refuses a changed context, a tampered string and garbage', async () => {
    const sctx = { purpose: 'totp', user: 'user-1' };
    const packed = await encryptString(provider, 'secret', sctx);
    await expect(decryptString(provider, packed, { purpose: 'totp', user: 'user-2' })).rejects.toBeInstanceOf(
      DecryptionError,
    );
    // Change one byte in every region of the packed value: header, wrapped key, IV, tag, ciphertext.
    const raw = Buffer.from(packed, 'base64url');
    for (const index of [0, 1, 2, 10, raw.length - 40, raw.length - 20, raw.length - 1]) {
      await expect(decryptString(provider, flipByte(raw, index).toString('base64url'), sctx)).rejects.toThrow();
    }
    for (const garbage of ['', 'not base64!', 'AAAA', packed.slice(0, 30)]) {
      await expect(decryptString(provider, garbage, sctx)).rejects.toBeInstanceOf(DecryptionError);
    }
  });
});

describe('master key file', () => {
  it('is created on first use with mode 0600 in a new 0700 folder, and reused afterwards', async () => {
    const keyFile = path.join(await tempDir(), 'data', 'nested', 'master.key');
    const first = createLocalKeyProvider({ keyFile });
    const env = await encryptEnvelope(first, Buffer.from('kept'), ctx);

    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(keyFile))).mode & 0o777).toBe(0o700);
    const content = await readFile(keyFile, 'utf8');
    expect(Buffer.from(content.trim(), 'base64').length).toBe(32);

    // A new provider (a restarted process) reads the same key and can decrypt.
    const second = createLocalKeyProvider({ keyFile });
    expect((await decryptEnvelope(second, env, ctx)).toString()).toBe('kept');
    expect(await readFile(keyFile, 'utf8')).toBe(content);
  });

  it('uses an existing key file and never replaces it', async () => {
    const keyFile = path.join(await tempDir(), 'master.key');
    const existing = `${randomBytes(32).toString('base64')}\n`;
    await writeFile(keyFile, existing, { mode: 0o600 });
    const p = createLocalKeyProvider({ keyFile });
    await decryptEnvelope(p, await encryptEnvelope(p, Buffer.from('x'), ctx), ctx);
    expect(await readFile(keyFile, 'utf8')).toBe(existing);
    // Same key as configuring it directly.
    const direct = createLocalKeyProvider({ masterKey: existing.trim(), keyFile: '/nonexistent' });
    expect((await decryptEnvelope(direct, await encryptEnvelope(p, Buffer.from('y'), ctx), ctx)).toString()).toBe('y');
  });

  it('refuses a damaged key file and leaves it untouched', async () => {
    const keyFile = path.join(await tempDir(), 'master.key');
    await writeFile(keyFile, 'not a key\n');
    const p = createLocalKeyProvider({ keyFile });
    await expect(p.generateDataKey(ctx)).rejects.toThrow(/never replaced automatically/);
    expect(await readFile(keyFile, 'utf8')).toBe('not a key\n');
  });

  it('gives every concurrent first user the same key', async () => {
    const keyFile = path.join(await tempDir(), 'race', 'master.key');
    const providers = Array.from({ length: 12 }, () => createLocalKeyProvider({ keyFile }));
    const envs = await Promise.all(providers.map((p, i) => encryptEnvelope(p, Buffer.from(`doc ${i}`), ctx)));
    // Each provider decrypts what every other one encrypted: they all hold the single key on disk.
    for (const [i, env] of envs.entries()) {
      const reader = providers[(i + 1) % providers.length]!;
      expect((await decryptEnvelope(reader, env, ctx)).toString()).toBe(`doc ${i}`);
    }
    // No temporary files left behind by the losers of the race.
    expect(await readdir(path.dirname(keyFile))).toEqual(['master.key']);
  });

  it('gives racing processes the same key', async () => {
    const dir = await tempDir();
    const keyFile = path.join(dir, 'procs', 'master.key');
    // Each process creates-or-reads the key file at the same moment and prints a key fingerprint.
    // .mts: an ES module wherever the temporary folder is, so top-level await works.
    const script = path.join(dir, 'race.mts');
    await writeFile(
      script,
      [
        `import { createHash } from 'node:crypto';`,
        `import { loadOrCreateKeyFile } from ${JSON.stringify(path.resolve('lib/crypto/master-key-file.ts'))};`,
        `const key = await loadOrCreateKeyFile(${JSON.stringify(keyFile)});`,
        `console.log(createHash('sha256').update(key).digest('hex'));`,
      ].join('\n'),
    );
    const run = promisify(execFile);
    const tsx = path.resolve('node_modules/.bin/tsx');
    const outputs = await Promise.all(Array.from({ length: 4 }, () => run(tsx, [script])));
    const fingerprints = new Set(outputs.map((o) => o.stdout.trim()));
    expect(fingerprints.size).toBe(1);
    const onDisk = Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'base64');
    expect([...fingerprints][0]).toBe(createHash('sha256').update(onDisk).digest('hex'));
  });
});

describe('getKeyProvider', () => {
  afterEach(() => setConfigForTests(undefined));

  it('uses the local master key file under the data folder by default, created on first use only', async () => {
    const dir = await tempDir();
    setConfigForTests(parseConfig({ NODE_ENV: 'test', HAVEN_DATA_DIR: dir }, dir));
    const p = getKeyProvider();
    expect(p.id).toBe('local');
    expect(getKeyProvider()).toBe(p);
    await expect(stat(path.join(dir, 'master.key'))).rejects.toThrow();
    await encryptString(p, 'x', ctx);
    expect((await stat(path.join(dir, 'master.key'))).mode & 0o777).toBe(0o600);
  });

  it('uses HAVEN_MASTER_KEY when set, and writes no key file', async () => {
    const dir = await tempDir();
    setConfigForTests(parseConfig({ NODE_ENV: 'test', HAVEN_DATA_DIR: dir, HAVEN_MASTER_KEY: MASTER }, dir));
    const packed = await encryptString(getKeyProvider(), 'from env', ctx);
    expect(await decryptString(provider, packed, ctx)).toBe('from env');
    await expect(stat(path.join(dir, 'master.key'))).rejects.toThrow();
  });

  it('builds the KMS provider from KMS configuration', () => {
    const cfg = parseConfig({ NODE_ENV: 'test', KEY_PROVIDER: 'kms', KMS_KEY_ID: 'alias/haven' }).keys;
    expect(createKeyProvider(cfg).id).toBe('kms');
  });
});
