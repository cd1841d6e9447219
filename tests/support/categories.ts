/** A school's category id by name, for tests that monitor pupils or filter by category. */
import { and, eq } from 'drizzle-orm';
import { inSchool } from '@/db/scoped';
import { categories } from '@/db/schema';

export async function categoryIdByName(schoolId: string, name: string): Promise<string> {
  const rows = await inSchool(schoolId, (tx) =>
    tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.schoolId, schoolId), eq(categories.name, name))),
  );
  if (!rows[0]) throw new Error(`no category ${name}`);
  return rows[0].id;
}
