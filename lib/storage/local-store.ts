/**
 * Blob store on a local folder (embedded mode and small self-hosted servers).
 *
 * Each object is a file at `<dir>/<key>`. Writes go to `<dir>/.staging/` first
 * and are renamed into place, so a crash or a concurrent reader never sees a
 * half-written file (rename is atomic within one file system, and the staging
 * folder is inside `dir` so it is always on the same one). Dot-names are never
 * valid keys (./keys.ts), so the staging folder cannot collide with an object.
 */
import { randomUUID } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertValidKey, assertValidPrefix, compareKeys } from './keys';
import type { BlobInfo, BlobStore, PutOptions } from './types';

const STAGING = '.staging';
// Records about children: nobody but the service account should read the files.
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const RENAME_ATTEMPTS = 5;

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

export function createLocalBlobStore(dir: string): BlobStore {
  const root = path.resolve(dir);
  const stagingDir = path.join(root, STAGING);

  /** Absolute path of a (validated) key; re-checks containment as a second line of defence. */
  function pathOf(key: string): string {
    const full = path.resolve(root, ...key.split('/'));
    if (!full.startsWith(root + path.sep))
      throw new Error(`Blob key ${JSON.stringify(key)} resolves outside the store`);
    return full;
  }

  async function syncDir(dirPath: string): Promise<void> {
    // Makes the rename itself durable; best effort, as some file systems refuse fsync on folders.
    try {
      const handle = await open(dirPath, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      /* not supported here: the data itself was already synced */
    }
  }

  async function moveIntoPlace(key: string, tmp: string, target: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await mkdir(path.dirname(target), { recursive: true, mode: DIR_MODE });
        await rename(tmp, target);
        return;
      } catch (err) {
        const code = errorCode(err);
        // A concurrent delete() may prune the parent folder between mkdir and rename: make it again.
        if (code === 'ENOENT' && attempt < RENAME_ATTEMPTS) continue;
        if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'ENOTEMPTY') {
          // S3 allows both `a` and `a/b`; a folder cannot. Keys are generated, so this is a programming error.
          throw new Error(
            `Cannot store blob ${JSON.stringify(key)}: it clashes with an existing object or folder of the same name`,
            { cause: err },
          );
        }
        throw err;
      }
    }
  }

  async function walk(dirPath: string, rel: string, prefix: string, out: BlobInfo[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dirPath, { withFileTypes: true });
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return; // nothing stored there (or deleted meanwhile)
      throw err;
    }
    for (const entry of entries) {
      // Dot-names are never keys: the staging folder and any stray editor/OS files are not objects.
      if (entry.name.startsWith('.')) continue;
      const key = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        const asPrefix = `${key}/`;
        if (asPrefix.startsWith(prefix) || prefix.startsWith(asPrefix)) {
          await walk(path.join(dirPath, entry.name), key, prefix, out);
        }
      } else if (entry.isFile() && key.startsWith(prefix)) {
        // Symlinks and other special files are skipped on purpose: only regular files are objects.
        try {
          const info = await stat(path.join(dirPath, entry.name));
          out.push({ key, size: info.size, lastModified: info.mtime });
        } catch (err) {
          if (errorCode(err) !== 'ENOENT') throw err; // deleted while listing: not listed
        }
      }
    }
  }

  return {
    // The content type is not kept on disk: the database stores each file's type.
    async put(key: string, body: Uint8Array, _opts?: PutOptions): Promise<void> {
      assertValidKey(key);
      const target = pathOf(key);
      await mkdir(stagingDir, { recursive: true, mode: DIR_MODE });
      const tmp = path.join(stagingDir, `${randomUUID()}.tmp`);
      try {
        const handle = await open(tmp, 'wx', FILE_MODE);
        try {
          await handle.writeFile(body);
          await handle.sync(); // the bytes are on disk before the name points at them
        } finally {
          await handle.close();
        }
        await moveIntoPlace(key, tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      await syncDir(path.dirname(target));
    },

    async putStream(key: string, body: AsyncIterable<Uint8Array>, _opts?: PutOptions): Promise<number> {
      assertValidKey(key);
      const target = pathOf(key);
      await mkdir(stagingDir, { recursive: true, mode: DIR_MODE });
      const tmp = path.join(stagingDir, `${randomUUID()}.tmp`);
      let written = 0;
      try {
        const handle = await open(tmp, 'wx', FILE_MODE);
        try {
          for await (const chunk of body) {
            await handle.write(chunk);
            written += chunk.byteLength;
          }
          await handle.sync();
        } finally {
          await handle.close();
        }
        await moveIntoPlace(key, tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      await syncDir(path.dirname(target));
      return written;
    },

    async getStream(key: string): Promise<Readable | null> {
      assertValidKey(key);
      let handle;
      try {
        handle = await open(pathOf(key), constants.O_RDONLY | constants.O_NOFOLLOW);
        if (!(await handle.stat()).isFile()) {
          await handle.close();
          return null;
        }
      } catch (err) {
        await handle?.close();
        const code = errorCode(err);
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP') return null;
        throw err;
      }
      // The stream owns the handle from here and closes it when read or destroyed.
      return createReadStream('', { fd: handle, autoClose: true });
    },

    async get(key: string): Promise<Uint8Array | null> {
      assertValidKey(key);
      let handle;
      try {
        // O_NOFOLLOW: like list(), only regular files are objects; a symlink planted in the folder is not followed.
        handle = await open(pathOf(key), constants.O_RDONLY | constants.O_NOFOLLOW);
        return await handle.readFile();
      } catch (err) {
        const code = errorCode(err);
        // EISDIR: `key` is only a prefix of other objects; ENOTDIR: a parent is an object; ELOOP: a symlink.
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP') return null;
        throw err;
      } finally {
        await handle?.close();
      }
    },

    async delete(key: string): Promise<void> {
      assertValidKey(key);
      const target = pathOf(key);
      try {
        await unlink(target);
      } catch (err) {
        const code = errorCode(err);
        if (code === 'ENOENT' || code === 'ENOTDIR') return; // already gone: deleting is idempotent
        if (code === 'EISDIR' || code === 'EPERM') {
          // A folder, not an object (Linux says EISDIR, macOS EPERM). Confirm before treating it as "no object".
          const info = await stat(target).catch(() => null);
          if (info?.isDirectory()) return;
        }
        throw err;
      }
      // Prune folders left empty, so the tree does not grow forever; stops at the first non-empty one.
      for (
        let parent = path.dirname(target);
        parent !== root && parent.startsWith(root + path.sep);
        parent = path.dirname(parent)
      ) {
        try {
          await rmdir(parent);
        } catch {
          break; // not empty (or already removed by someone else): leave it
        }
      }
    },

    async list(prefix: string): Promise<BlobInfo[]> {
      assertValidPrefix(prefix);
      // Start at the deepest folder the prefix fully names, rather than walking the whole store.
      const slash = prefix.lastIndexOf('/');
      const baseRel = slash === -1 ? '' : prefix.slice(0, slash);
      const baseDir = baseRel === '' ? root : pathOf(baseRel);
      const out: BlobInfo[] = [];
      await walk(baseDir, baseRel, prefix, out);
      return out.sort((a, b) => compareKeys(a.key, b.key));
    },
  };
}
