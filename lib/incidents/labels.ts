/**
 * Words for an incident's fields, shared by the pages and the printed PDF so
 * both say the same thing. Pure module, safe in the browser.
 */
import { BUILT_IN_MAPS } from '@/lib/maps/builtin';

/** A pupil's part in an incident, as staff read it. */
export const ROLE_LABEL: Record<string, string> = {
  subject: 'About this pupil',
  involved: 'Involved',
  affected: 'Affected',
  alleged_harm: 'Alleged to have caused harm',
  witness: 'Witness',
};

/** The built-in body maps (lib/maps); a school's own maps are read with the page. */
export const BODY_MAPS = BUILT_IN_MAPS;

/** A marker's map by name: a built-in one, or one of `maps` (the school's, when the caller read them). */
export function bodyMapTitle(mapId: string, maps: readonly { id: string; title: string }[] = []): string {
  return [...BODY_MAPS, ...maps].find((m) => m.id === mapId)?.title ?? 'Map';
}

interface ShownCategory {
  id: string;
  name: string;
  parentName: string | null;
  fromAction: boolean;
}

/**
 * The categories shown against an incident: its own (a sub-category stands
 * for its parent unless `showParents`) and, apart, those its actions added.
 */
export function shownCategories<C extends ShownCategory>(
  categories: readonly C[],
  showParents = false,
): { own: C[]; raised: C[] } {
  const own = categories.filter((c) => !c.fromAction);
  const subNames = new Set(own.filter((c) => c.parentName).map((c) => c.parentName));
  return {
    own: showParents ? own : own.filter((c) => c.parentName !== null || !subNames.has(c.name)),
    raised: categories.filter((c) => c.fromAction && !own.some((o) => o.id === c.id)),
  };
}

// Recorded custom values are labelled by the rule beside the form definitions.
export { customFieldRows } from '@/lib/settings/custom-values';
