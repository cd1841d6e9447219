/**
 * A found pupil as the finding pages render it: the name already formatted
 * with the request's name style (hide-names mode included), so no raw name
 * reaches a client component.
 */
import type { FoundStudent } from '@/lib/students';
import { formatPupilName, groupLabel, type NameStyle } from '@/lib/students/client';

export interface PupilRow {
  id: string;
  name: string;
  group: string;
  archived: boolean;
  categories: { id: string; name: string; colour: string; textColour: string }[];
}

export function toPupilRows(items: FoundStudent[], style: NameStyle): PupilRow[] {
  return items.map((s) => ({
    id: s.id,
    name: formatPupilName(s, style),
    group: groupLabel(s),
    archived: s.archived,
    categories: s.categories,
  }));
}

/** Where a pupil's profile lives. */
export const profileHref = (id: string) => `/students/${id}`;
