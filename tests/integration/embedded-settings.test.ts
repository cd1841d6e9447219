/**
 * The embedded database's own settings (db/client.ts). Its buffer pool is
 * resident from the start, so its size is part of every process's memory:
 * the MIS import's budget (under 512 MB for the large school) counts on it.
 * The test opens an embedded database of its own, so it runs whichever
 * driver the rest of the suite uses.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openPglite, rowsOf } from '@/db/client';

describe('the embedded database', () => {
  it('starts with a 32 MB buffer pool and PGlite’s own start parameters', async () => {
    const handle = await openPglite(null);
    try {
      const settings = rowsOf<{ name: string; setting: string }>(
        await handle.db.execute(
          sql`select name, current_setting(name) as setting from unnest(array['shared_buffers', 'max_parallel_workers', 'search_path']) as name`,
        ),
      );
      expect(handle.driver).toBe('pglite');
      expect(Object.fromEntries(settings.map((s) => [s.name, s.setting]))).toEqual({
        shared_buffers: '32MB',
        max_parallel_workers: '0',
        search_path: 'public',
      });
    } finally {
      await handle.close();
    }
  });
});
