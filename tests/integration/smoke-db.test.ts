import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { useTestDatabase } from '../support/db';
import { inSchool, inNoSchool } from '@/db/scoped';
import { privileged } from '@/db/privileged';
import { schools, userGroups } from '@/db/schema';
import { randomUUID } from 'node:crypto';

useTestDatabase();

describe('smoke', () => {
  it('isolates', async () => {
    const a = randomUUID(), b = randomUUID();
    await privileged('school-setup', 'test', async (tx) => {
      await tx.insert(schools).values([{ id: a, slug: 'a', name: 'A' }, { id: b, slug: 'b', name: 'B' }]);
      await tx.insert(userGroups).values([{ id: randomUUID(), schoolId: a, name: 'GA' }, { id: randomUUID(), schoolId: b, name: 'GB' }]);
    });
    const rows = await inSchool(a, (tx) => tx.select().from(userGroups));
    expect(rows.map((r) => r.name)).toEqual(['GA']);
    const none = await inNoSchool((tx) => tx.select().from(userGroups));
    expect(none).toEqual([]);
    const role = await inSchool(a, (tx) => tx.execute(sql`select current_user as u`));
    expect((role.rows[0] as { u: string }).u).toBe('haven_app');
  });
});
