/**
 * Category lozenges are coloured by the school; the text on them must stay
 * readable whatever colour is chosen. The text colour is derived, never stored:
 * whichever of white and near-black contrasts more (WCAG 2 contrast ratio).
 */
export const LOZENGE_TEXT_LIGHT = '#ffffff';
export const LOZENGE_TEXT_DARK = '#111827';
export type LozengeTextColour = typeof LOZENGE_TEXT_LIGHT | typeof LOZENGE_TEXT_DARK;

/** The form categories.colour stores (the table checks it too). */
export const HEX_COLOUR = /^#[0-9a-f]{6}$/;

function channels(hex: string): [number, number, number] {
  if (!HEX_COLOUR.test(hex)) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
}

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export function lozengeTextColour(background: string): LozengeTextColour {
  return contrastRatio(background, LOZENGE_TEXT_LIGHT) >= contrastRatio(background, LOZENGE_TEXT_DARK)
    ? LOZENGE_TEXT_LIGHT
    : LOZENGE_TEXT_DARK;
}
