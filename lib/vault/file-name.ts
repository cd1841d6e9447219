/**
 * A document's name as the uploader's browser sent it is not to be trusted:
 * it may carry a path (`../../x.pdf`, `C:\Users\x.pdf`), control characters
 * that break headers and logs, or right-to-left overrides that make
 * `cod.exe` read as `exe.doc`. What is kept is the last path segment with
 * those removed, its extension intact. Pure: safe anywhere.
 */

const MAX_NAME_CHARS = 180;
// C0/C1 controls, DEL, bidirectional overrides and isolates, zero-width characters, BOM.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The safe form of an uploaded file's name; '' when nothing usable is left. */
export function sanitiseFileName(raw: string): string {
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    .normalize('NFC')
    .replace(UNSAFE, '')
    .replace(LONE_SURROGATE, '')
    .replace(/\s+/g, ' ')
    .trim()
    // A leading dot would hide the file on most systems, and `..` is no name.
    .replace(/^[.\s]+/, '')
    // Windows drops trailing dots and spaces, which would change the extension.
    .replace(/[.\s]+$/, '');
  if (name.length > MAX_NAME_CHARS) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = `${[...name.slice(0, name.length - ext.length)]
      .slice(0, MAX_NAME_CHARS - ext.length)
      .join('')
      .trimEnd()}${ext}`;
  }
  return name;
}

/** The extension, lower case without the dot ('' when there is none): only the last one counts. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * Names for the entries of a zip of several documents: safe names (no path,
 * nothing a zip tool could treat as a folder), duplicates numbered before the
 * extension ("Letter.pdf", "Letter (2).pdf"), compared case-insensitively as
 * Windows and macOS do.
 */
export function uniqueEntryNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    const safe = sanitiseFileName(raw) || 'document';
    const dot = safe.lastIndexOf('.');
    const stem = dot > 0 ? safe.slice(0, dot) : safe;
    const ext = dot > 0 ? safe.slice(dot) : '';
    let candidate = safe;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}
