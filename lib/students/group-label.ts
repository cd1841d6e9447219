/**
 * A pupil's groups as one short label ("7A · Year 7"), the tutor group first
 * because staff know pupils by their form. The one label wherever a pupil is
 * listed with their groups (lists, search, suggestions, linked pupils), so a
 * pupil reads the same on every page. A pupil in neither group (typically one
 * who has left) is "No group": said, not left blank. Pure, safe in the browser.
 */
export function groupLabel(p: { tutorGroup: string | null; yearGroup: string | null }): string {
  const parts = [p.tutorGroup, p.yearGroup].filter((g): g is string => Boolean(g));
  return parts.length > 0 ? parts.join(' · ') : 'No group';
}
