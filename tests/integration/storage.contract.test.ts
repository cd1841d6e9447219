/**
 * One contract for every BlobStore driver: the local folder and S3 (over HTTP,
 * against a real S3-compatible server started here). A driver that passes can
 * replace the other without the application noticing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, setConfigForTests } from '@/lib/config';
import {
  InvalidBlobKeyError,
  createLocalBlobStore,
  createS3BlobStore,
  createStorage,
  getStorage,
  type BlobStore,
} from '@/lib/storage';
import { S3RVER_CREDENTIALS, startS3Server, type TestS3Server } from '../support/s3-server';

const INVALID_KEYS: [string, string][] = [
  ['', 'empty'],
  ['/etc/passwd', 'absolute'],
  ['../outside', 'parent at start'],
  ['a/../../outside', 'parent in the middle'],
  ['a/..', 'parent at end'],
  ['.', 'current folder'],
  ['a/./b', 'current folder in the middle'],
  ['a\\b', 'backslash'],
  ['..\\outside', 'backslash traversal'],
  ['a//b', 'empty segment'],
  ['a/', 'trailing slash'],
  ['a/.hidden', 'dot-name'],
  ['.staging/x', 'the local staging folder'],
  ['a\u0000b', 'NUL'],
  ['a\nb', 'newline'],
  ['x'.repeat(1025), 'too long'],
  [`${'y'.repeat(256)}/z`, 'segment too long'],
  ['bad\uD800surrogate', 'lone surrogate'],
];

const INVALID_PREFIXES = ['/', '/etc', '../', 'a/../', 'a//', 'a\\', '.staging/', 'a/..'];

function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function text(data: Uint8Array | null): string | null {
  return data === null ? null : new TextDecoder().decode(data);
}

function describeBlobStoreContract(name: string, makeStore: () => Promise<BlobStore>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    // Every test uses its own prefix, so tests on one store never see each other's objects.
    const ns = () => `t-${randomUUID()}`;

    it('returns exactly the bytes that were put, for every byte value', async () => {
      const key = `${ns()}/all-bytes.bin`;
      const body = new Uint8Array(256 * 4);
      for (let i = 0; i < body.length; i++) body[i] = i % 256;
      await store.put(key, body, { contentType: 'application/octet-stream' });
      const got = await store.get(key);
      expect(got).not.toBeNull();
      expect(Buffer.from(got!).equals(Buffer.from(body))).toBe(true);
    });

    it('round-trips an empty object and a 2 MB object', async () => {
      const p = ns();
      await store.put(`${p}/empty`, new Uint8Array(0));
      expect((await store.get(`${p}/empty`))?.byteLength).toBe(0);
      const big = randomBytes(2 * 1024 * 1024);
      await store.put(`${p}/big`, big);
      expect(Buffer.from((await store.get(`${p}/big`))!).equals(big)).toBe(true);
    });

    it('streams an object in and out in uneven pieces, across several upload parts', async () => {
      const key = `${ns()}/streamed.bin`;
      const body = randomBytes(11 * 1024 * 1024 + 123);
      async function* pieces() {
        for (let at = 0; at < body.length; at += 700_001) yield body.subarray(at, at + 700_001);
      }
      expect(await store.putStream(key, pieces())).toBe(body.length);
      const stream = await store.getStream(key);
      expect(stream).not.toBeNull();
      const back: Buffer[] = [];
      for await (const c of stream!) back.push(Buffer.from(c as Uint8Array));
      expect(Buffer.concat(back).equals(body)).toBe(true);
      expect(await store.getStream(`${ns()}/never-written`)).toBeNull();
    });

    it('leaves no object when the stream being stored fails', async () => {
      const key = `${ns()}/broken.bin`;
      async function* failing() {
        yield randomBytes(6 * 1024 * 1024);
        yield randomBytes(1024);
        throw new Error('connection dropped');
      }
      await expect(store.putStream(key, failing())).rejects.toThrow('connection dropped');
      expect(await store.get(key)).toBeNull();
      expect(await store.list(key)).toEqual([]);
    });

    it('returns null for a key that was never written', async () => {
      expect(await store.get(`${ns()}/missing`)).toBeNull();
    });

    it('replaces an existing object on put', async () => {
      const key = `${ns()}/doc`;
      await store.put(key, bytes('first version, longer'));
      await store.put(key, bytes('second'));
      expect(text(await store.get(key))).toBe('second');
      expect((await store.list(key)).map((o) => o.size)).toEqual([6]);
    });

    it('keeps a concurrent writer from producing a mixed object', async () => {
      const key = `${ns()}/race`;
      const a = Buffer.alloc(256 * 1024, 'a');
      const b = Buffer.alloc(256 * 1024, 'b');
      await Promise.all([store.put(key, a), store.put(key, b), store.put(key, a), store.put(key, b)]);
      const got = Buffer.from((await store.get(key))!);
      expect(got.equals(a) || got.equals(b)).toBe(true);
    });

    it('deletes, and deleting a missing object succeeds', async () => {
      const key = `${ns()}/to-delete`;
      await store.put(key, bytes('x'));
      await store.delete(key);
      expect(await store.get(key)).toBeNull();
      await expect(store.delete(key)).resolves.toBeUndefined();
      await expect(store.delete(`${ns()}/never-existed/deeper`)).resolves.toBeUndefined();
    });

    it('treats a key that is only a prefix of other keys as no object', async () => {
      const p = ns();
      await store.put(`${p}/docs/1`, bytes('one'));
      expect(await store.get(`${p}/docs`)).toBeNull();
      await store.delete(`${p}/docs`);
      expect(text(await store.get(`${p}/docs/1`))).toBe('one');
    });

    it('lists by plain string prefix, sorted by key, with size and modification time', async () => {
      const p = ns();
      const before = Date.now();
      // Written out of order, and with keys that share leading characters but not the prefix.
      for (const [k, v] of [
        ['b/2', 'bb'],
        ['a', '1'],
        ['b/10', 'bbbb'],
        ['ab', 'xyz'],
        ['b/1', 'b'],
        ['c/d/e', 'deep!'],
      ] as const) {
        await store.put(`${p}/${k}`, bytes(v));
      }
      const all = await store.list(`${p}/`);
      expect(all.map((o) => o.key)).toEqual([`${p}/a`, `${p}/ab`, `${p}/b/1`, `${p}/b/10`, `${p}/b/2`, `${p}/c/d/e`]);
      expect(all.map((o) => o.size)).toEqual([1, 3, 1, 4, 2, 5]);
      for (const o of all) {
        expect(o.lastModified).toBeInstanceOf(Date);
        // Servers keep second precision; allow for that and a little clock skew.
        expect(o.lastModified.getTime()).toBeGreaterThanOrEqual(before - 2000);
        expect(o.lastModified.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
      }
      expect((await store.list(`${p}/b/`)).map((o) => o.key)).toEqual([`${p}/b/1`, `${p}/b/10`, `${p}/b/2`]);
      expect((await store.list(`${p}/b/1`)).map((o) => o.key)).toEqual([`${p}/b/1`, `${p}/b/10`]);
      expect((await store.list(`${p}/a`)).map((o) => o.key)).toEqual([`${p}/a`, `${p}/ab`]);
      expect((await store.list(`${p}/c`)).map((o) => o.key)).toEqual([`${p}/c/d/e`]);
      expect(await store.list(`${p}/nothing-here/`)).toEqual([]);
      expect(await store.list(`${ns()}/`)).toEqual([]);
    });

    it('lists every object when there are more than fit on one page', async () => {
      const p = ns();
      const keys = Array.from({ length: 7 }, (_, i) => `${p}/item-${String(i).padStart(2, '0')}`);
      for (const k of [...keys].reverse()) await store.put(k, bytes(k));
      expect((await store.list(`${p}/`)).map((o) => o.key)).toEqual(keys);
    });

    it('lists with an empty prefix and no longer lists deleted objects', async () => {
      const p = ns();
      await store.put(`${p}/keep`, bytes('k'));
      await store.put(`${p}/drop`, bytes('d'));
      await store.delete(`${p}/drop`);
      const everything = (await store.list('')).map((o) => o.key);
      expect(everything).toContain(`${p}/keep`);
      expect(everything).not.toContain(`${p}/drop`);
      expect(everything).toEqual([...everything].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    });

    it('stores non-ASCII keys and sorts them by UTF-8 bytes', async () => {
      const p = ns();
      // U+FF5E sorts before U+1F600 in UTF-8 but after it in JavaScript's UTF-16 order.
      // (No XML-special characters such as ' or &: s3rver escapes them twice in listings.)
      const keys = [`${p}/Zoë Súilleabháin.pdf`, `${p}/～`, `${p}/😀`];
      for (const k of keys) await store.put(k, bytes(k));
      for (const k of keys) expect(text(await store.get(k))).toBe(k);
      expect((await store.list(`${p}/`)).map((o) => o.key)).toEqual(keys);
    });

    it.each(INVALID_KEYS)('refuses the key %j (%s) in put, get and delete', async (key) => {
      await expect(store.put(key, bytes('nope'))).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    });

    it.each(INVALID_PREFIXES)('refuses the list prefix %j', async (prefix) => {
      await expect(store.list(prefix)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    });
  });
}

// --- local folder -----------------------------------------------------------

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'haven-blobs-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
  setConfigForTests(undefined);
});

describeBlobStoreContract('local folder', async () => createLocalBlobStore(path.join(await tempDir(), 'files')));

describe('local folder driver specifics', () => {
  it('creates its folder on first write, with owner-only permissions, and leaves no temporary files', async () => {
    const dir = path.join(await tempDir(), 'not', 'yet', 'there');
    const store = createLocalBlobStore(dir);
    expect(await store.list('')).toEqual([]);
    expect(await store.get('a/b')).toBeNull();
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.put(`schools/1/doc-${i}`, randomBytes(1000))));
    expect((await stat(path.join(dir, 'schools/1/doc-3'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dir, 'schools'))).mode & 0o777).toBe(0o700);
    expect(await readdir(path.join(dir, '.staging'))).toEqual([]);
    expect((await store.list('')).length).toBe(10);
  });

  it('never writes outside its folder, whatever the key', async () => {
    const parent = await tempDir();
    const store = createLocalBlobStore(path.join(parent, 'files'));
    for (const [key] of INVALID_KEYS) await store.put(key, bytes('x')).catch(() => undefined);
    // Every key was refused before touching the disk: not even the store folder was created.
    expect(await readdir(parent)).toEqual([]);
    expect(existsSync(path.join(parent, 'outside'))).toBe(false);
  });

  it('removes folders left empty by delete, but not the store folder itself', async () => {
    const dir = path.join(await tempDir(), 'files');
    const store = createLocalBlobStore(dir);
    await store.put('schools/1/docs/a', bytes('a'));
    await store.put('schools/1/other', bytes('o'));
    await store.delete('schools/1/docs/a');
    expect(existsSync(path.join(dir, 'schools/1/docs'))).toBe(false);
    expect(existsSync(path.join(dir, 'schools/1/other'))).toBe(true);
    await store.delete('schools/1/other');
    expect(existsSync(path.join(dir, 'schools'))).toBe(false);
    expect(existsSync(dir)).toBe(true);
  });

  it('survives puts and deletes racing in the same folder', async () => {
    const store = createLocalBlobStore(path.join(await tempDir(), 'files'));
    const ops: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      ops.push(store.put(`f/${i % 2}/x-${i}`, bytes(String(i))));
      ops.push(store.delete(`f/${i % 2}/x-${i - 1}`));
    }
    await Promise.all(ops);
    expect(text(await store.get('f/1/x-39'))).toBe('39');
  });

  it('explains a clash between an object and a folder of the same name', async () => {
    const store = createLocalBlobStore(path.join(await tempDir(), 'files'));
    await store.put('a', bytes('file'));
    await expect(store.put('a/b', bytes('x'))).rejects.toThrow(/clashes with an existing object or folder/);
    await store.put('c/d', bytes('x'));
    await expect(store.put('c', bytes('x'))).rejects.toThrow(/clashes with an existing object or folder/);
    expect(text(await store.get('a'))).toBe('file');
  });

  it('ignores stray dot-files and symlinks in its folder', async () => {
    const dir = path.join(await tempDir(), 'files');
    const store = createLocalBlobStore(dir);
    await store.put('real', bytes('r'));
    await writeFile(path.join(dir, '.DS_Store'), 'junk');
    const { symlink } = await import('node:fs/promises');
    await symlink('/etc/hostname', path.join(dir, 'link'));
    expect((await store.list('')).map((o) => o.key)).toEqual(['real']);
    expect(await store.get('link')).toBeNull();
  });
});

// --- S3 over HTTP -------------------------------------------------------------

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.close();
});

// A page size of 3 makes the 7-object test (and others) cross several ListObjectsV2 pages.
describeBlobStoreContract('S3 (s3rver over HTTP)', async () =>
  createS3BlobStore(s3.storageConfig, { listPageSize: 3, partBytes: 5 * 1024 * 1024 }),
);

describe('S3 driver specifics', () => {
  it('sends the configured credentials: an unknown access key is refused by the server', async () => {
    const store = createS3BlobStore({
      ...s3.storageConfig,
      credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: S3RVER_CREDENTIALS.secretAccessKey },
    });
    await expect(store.put('x', bytes('x'))).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    await expect(store.list('')).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
  });

  it('reports a missing bucket as an error, not as an empty store', async () => {
    const store = createS3BlobStore({ ...s3.storageConfig, bucket: 'no-such-bucket' });
    await expect(store.list('')).rejects.toThrow();
    await expect(store.get('x')).rejects.toThrow();
  });
});

// --- choosing the driver from configuration -----------------------------------

describe('createStorage / getStorage', () => {
  afterEach(() => setConfigForTests(undefined));

  it('builds the driver named by the configuration', async () => {
    const dir = await tempDir();
    const local = createStorage(parseConfig({ NODE_ENV: 'test', FILES_DIR: dir }, dir).storage);
    await local.put('k', bytes('local'));
    expect(existsSync(path.join(dir, 'k'))).toBe(true);

    const s3cfg = parseConfig({
      NODE_ENV: 'test',
      STORAGE_DRIVER: 's3',
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    }).storage;
    const remote = createStorage(s3cfg);
    await remote.put('k', bytes('remote'));
    expect(text(await remote.get('k'))).toBe('remote');
  });

  it('caches the store per configuration', async () => {
    const dir = await tempDir();
    setConfigForTests(parseConfig({ NODE_ENV: 'test', HAVEN_DATA_DIR: dir }, dir));
    const first = getStorage();
    expect(getStorage()).toBe(first);
    await first.put('hello', bytes('there'));
    expect(existsSync(path.join(dir, 'files', 'hello'))).toBe(true);

    const other = await tempDir();
    setConfigForTests(parseConfig({ NODE_ENV: 'test', HAVEN_DATA_DIR: other }, other));
    const second = getStorage();
    expect(second).not.toBe(first);
    expect(await second.get('hello')).toBeNull();
  });
});
