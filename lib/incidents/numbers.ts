/** Per-school running numbers: the incident numbers staff see and type. */
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { schoolCounters } from '@/db/schema';

/**
 * Takes the next `count` numbers of a counter in the caller's transaction.
 * The row lock of the upsert orders concurrent writers, so two incidents never
 * share a number and a rolled-back transaction gives its numbers back.
 */
export async function takeNumbers(tx: Tx, schoolId: string, counter: string, count: number): Promise<number[]> {
  const rows = await tx
    .insert(schoolCounters)
    .values({ schoolId, name: counter, value: count })
    .onConflictDoUpdate({
      target: [schoolCounters.schoolId, schoolCounters.name],
      set: { value: sql`${schoolCounters.value} + ${count}` },
    })
    .returning({ value: schoolCounters.value });
  const last = rows[0]!.value;
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}
