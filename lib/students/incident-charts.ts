/**
 * The overview's incident charts: incidents by category and over time, from
 * incidents the viewer may view. Incidents arrive with their own issue; until
 * then a pupil has none and the overview shows a calm empty state.
 *
 * When incidents land, this is the one function to fill in: count the
 * pupil's live incidents with `incidentVisibilityCondition(subject, cols,
 * incidentCategoryLink(...))` in the WHERE (lib/access/sql-incidents.ts), group
 * by category (joined to categories for name and colour) and by month of the
 * incident's date in the school's time zone. The shape returned stays the same.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { AccessSubject } from '@/lib/access';
import type { IncidentCharts } from './types';

export async function incidentChartsFor(_tx: Tx, _subject: AccessSubject, _studentId: string): Promise<IncidentCharts> {
  return { total: 0, byCategory: [], overTime: [] };
}
