/**
 * A pupil's groups as one short label ("7A · Year 7"), the tutor group first
 * because staff know pupils by their form. Pure, safe in the browser.
 */
export function groupLabel(p: { tutorGroup: string | null; yearGroup: string | null }): string {
  const parts = [p.tutorGroup, p.yearGroup].filter((g): g is string => Boolean(g));
  return parts.length > 0 ? parts.join(' · ') : 'No group';
}
