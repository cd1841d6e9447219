/**
 * The category lozenges beside a pupil's name: their running monitoring
 * periods in categories the viewer may see, in the school's category order
 * (a sub-category right after its parent). Loaded for a page of pupils at
 * once, filtered by the permission engine in the query.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import { lozengeTextColour, mayViewMonitoring, type AccessSubject } from '@/lib/access';
import { runningCategories } from '@/lib/monitoring/queries';

export interface Lozenge {
  id: string;
  name: string;
  colour: string;
  textColour: string;
}

/** Each pupil's lozenges; none at all without the key (the lists show no categories then). */
export async function loadLozenges(tx: Tx, subject: AccessSubject, studentIds: readonly string[]): Promise<Map<string, Lozenge[]>> {
  const out = new Map<string, Lozenge[]>();
  if (studentIds.length === 0 || !mayViewMonitoring(subject)) return out;
  for (const r of await runningCategories(tx, subject, studentIds)) {
    const list = out.get(r.studentId) ?? [];
    list.push({ id: r.id, name: r.name, colour: r.colour, textColour: lozengeTextColour(r.colour) });
    out.set(r.studentId, list);
  }
  return out;
}
