/**
 * Words for an incident's fields, shared by the pages and the printed PDF so
 * both say the same thing. Pure module, safe in the browser.
 */

/** A pupil's part in an incident, as staff read it. */
export const ROLE_LABEL: Record<string, string> = {
  subject: 'About this pupil',
  involved: 'Involved',
  affected: 'Affected',
  alleged_harm: 'Alleged to have caused harm',
  witness: 'Witness',
};

/** The body maps markers are placed on. */
export const BODY_MAPS = [
  { id: 'body-front', title: 'Body (front)' },
  { id: 'body-back', title: 'Body (back)' },
] as const;

export function bodyMapTitle(mapId: string): string {
  return BODY_MAPS.find((m) => m.id === mapId)?.title ?? 'Map';
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

/** Filled-in custom fields as [label, value] (a field since removed from the form keeps its value). */
export function customFieldRows(
  values: Record<string, unknown>,
  fields: readonly { id: string; label: string }[],
): [label: string, value: string][] {
  const label = new Map(fields.map((f) => [f.id, f.label]));
  return Object.entries(values)
    .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== '' && v !== null && v !== undefined))
    .map(([id, v]) => [label.get(id) ?? 'Removed field', Array.isArray(v) ? v.join(', ') : String(v)]);
}
