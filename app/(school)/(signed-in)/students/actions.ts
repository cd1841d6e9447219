'use server';

import { revalidatePath } from 'next/cache';
import { action, formDone } from '@/lib/http';
import { bulkMonitoringInput, bulkUpdateMonitoring, type BulkMonitoringResult } from '@/lib/monitoring';
import { formatSchoolDay } from '@/lib/time';

const pupils = (n: number) => (n === 1 ? '1 pupil' : `${n} pupils`);

function describe(r: BulkMonitoringResult): string {
  const day = formatSchoolDay(r.date);
  if (r.change === 'add') {
    const started = r.pupils - r.unchanged;
    return `${r.categoryName}: monitoring started for ${pupils(started)} from ${day}.${r.unchanged ? ` ${pupils(r.unchanged)} already ${r.unchanged === 1 ? 'was' : 'were'}.` : ''}`;
  }
  if (r.change === 'remove') {
    const ended = r.pupils - r.unchanged;
    return `${r.categoryName}: monitoring ended for ${pupils(ended)} on ${day}.${r.unchanged ? ` ${pupils(r.unchanged)} ${r.unchanged === 1 ? 'was' : 'were'} not monitored for it.` : ''}`;
  }
  return r.changed === 0
    ? 'None of these pupils was monitored in a category you can see: nothing changed.'
    : `Monitoring ended on ${day}: ${r.changed} ${r.changed === 1 ? 'category' : 'categories'} for ${pupils(r.pupils - r.unchanged)}.`;
}

/** "Update categories" on a class or category list: one bulk change, all or nothing. */
export const updateCategoriesAction = action(
  { auth: 'signed-in', input: bulkMonitoringInput, repeated: ['studentIds'] },
  async (ctx, data) => {
    const result = await bulkUpdateMonitoring(ctx, data);
    revalidatePath('/students');
    revalidatePath('/');
    return formDone(describe(result));
  },
);
