/**
 * The one name formatter: every page, autocomplete, chart, export and PDF that
 * shows a pupil's name calls formatPupilName with the style of the request
 * (the school's settings, plus the viewer's "hide names" switch).
 *
 * Pure module, safe in the browser.
 */

export interface PupilNames {
  legalForename: string;
  legalSurname: string;
  preferredForename: string;
  preferredSurname: string;
}

export interface NameStyle {
  source: 'legal' | 'preferred';
  order: 'first-last' | 'last-first';
  /** Hide names mode: initials with stars, everywhere, until switched off. */
  hidden: boolean;
}

export const DEFAULT_NAME_STYLE: NameStyle = { source: 'preferred', order: 'first-last', hidden: false };

/**
 * "Zoë" → "Z***", "O'Brien" → "O'B***", "Ní Bhriain" → "N*** B***": the first
 * letter of each part of each name, then a fixed run of stars so the length of
 * a name gives nothing away.
 */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) =>
      word
        .split(/(['’\-])/)
        .map((part, i, parts) => {
          if (part === "'" || part === '’' || part === '-' || !part) return part;
          // The O of O'Brien (D', L') is a prefix, not a name: shown bare, so the surname reads O'B***.
          const prefix = [...part].length === 1 && (parts[i + 1] === "'" || parts[i + 1] === '’');
          return prefix ? part : `${[...part][0]}***`;
        })
        .join(''),
    )
    .join(' ');
}

export function formatPupilName(pupil: PupilNames, style: NameStyle): string {
  const forename = style.source === 'legal' ? pupil.legalForename : pupil.preferredForename || pupil.legalForename;
  const surname = style.source === 'legal' ? pupil.legalSurname : pupil.preferredSurname || pupil.legalSurname;
  const first = style.hidden ? maskName(forename) : forename;
  const last = style.hidden ? maskName(surname) : surname;
  return style.order === 'last-first' ? `${last}, ${first}` : `${first} ${last}`;
}

/**
 * The other name a pupil goes by, shown beside the formatted one on the
 * profile ("legal name: Oluwaseun Adeyemi"); null when both are the same or
 * names are hidden.
 */
export function otherName(pupil: PupilNames, style: NameStyle): string | null {
  if (style.hidden) return null;
  const other: NameStyle = { ...style, source: style.source === 'legal' ? 'preferred' : 'legal' };
  const a = formatPupilName(pupil, style);
  const b = formatPupilName(pupil, other);
  return a === b ? null : b;
}

/** Initials for the photo placeholder ("ZO"); hide names mode shows these letters too, so nothing more is revealed. */
export function pupilInitials(pupil: PupilNames, style: NameStyle): string {
  const forename = style.source === 'legal' ? pupil.legalForename : pupil.preferredForename;
  const surname = style.source === 'legal' ? pupil.legalSurname : pupil.preferredSurname;
  return `${[...forename.trim()][0] ?? ''}${[...surname.replace(/^[^\p{L}]+/u, '')][0] ?? ''}`.toUpperCase();
}
