/**
 * The body maps every school has: drawn by Haven (app/_components/body-outline.tsx),
 * not uploaded, so they are not rows. A school may switch either off
 * (`school_builtin_maps`). Pure module, safe in the browser.
 */
export const BUILT_IN_MAPS = [
  { id: 'body-front', title: 'Body (front)' },
  { id: 'body-back', title: 'Body (back)' },
] as const;

export type BuiltInMapId = (typeof BUILT_IN_MAPS)[number]['id'];

export function isBuiltInMapId(id: string): id is BuiltInMapId {
  return BUILT_IN_MAPS.some((m) => m.id === id);
}

/**
 * A map as pages draw it: a built-in figure, or an uploaded picture served by
 * `/maps/<id>/image` with its dimensions (markers are fractions of them).
 */
export interface MapChoice {
  id: string;
  title: string;
  enabled: boolean;
  image: { src: string; width: number; height: number } | null;
}

export const mapImagePath = (id: string) => `/maps/${id}/image`;

/** The built-in maps as choices, all enabled: what a page shows when it was given no school's list. */
export const BUILT_IN_CHOICES: MapChoice[] = BUILT_IN_MAPS.map((m) => ({ ...m, enabled: true, image: null }));
