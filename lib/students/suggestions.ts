/**
 * Quick Student Search as you type: the same search, shaped for the browser.
 * Names leave the server already formatted with the request's name style, so
 * hide-names mode holds in the autocomplete too, and nothing but what the row
 * shows is sent (no ids beyond the pupil's own, no dates of birth).
 */
import 'server-only';
import { accessSubjectOf } from '@/lib/access';
import { NotAllowedError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { formatPupilName, type NameStyle } from './names';
import { groupLabel } from './group-label';
import { searchStudents } from './search';
import { finderAccess } from './visible';

export interface StudentSuggestion {
  id: string;
  name: string;
  group: string;
  archived: boolean;
  categories: { name: string; colour: string; textColour: string }[];
}

export const ELEVATE_TO_FIND = 'Elevate your access to search for pupils.';

export async function studentSuggestions(
  ctx: UserCtx,
  query: string,
  opts: { includeArchived: boolean },
  style: NameStyle,
): Promise<{ items: StudentSuggestion[]; truncated: boolean }> {
  const access = finderAccess(await accessSubjectOf(ctx));
  if (access !== 'allowed') throw new NotAllowedError(access === 'needs_elevation' ? ELEVATE_TO_FIND : undefined);
  const found = await searchStudents(ctx, query.slice(0, 100), { includeArchived: opts.includeArchived, limit: 10 });
  return {
    truncated: found.truncated,
    items: found.items.map((s) => ({
      id: s.id,
      name: formatPupilName(s, style),
      group: groupLabel(s),
      archived: s.archived,
      categories: s.categories.map((c) => ({ name: c.name, colour: c.colour, textColour: c.textColour })),
    })),
  };
}
