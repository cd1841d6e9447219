/**
 * Free text (a summary, a note, an incident's text, an address, a medical
 * condition) shown as a preview of its first lines, with the whole behind
 * "Show more": a <details> element, so it works without JavaScript, is a
 * disclosure button to assistive technology, and opens with the keyboard.
 * When open, the preview is hidden (CSS :has) and the whole text shows under
 * "Show less". Short text is shown as it is. A server component.
 */

/** Where to cut `text` for its preview, or null when it is short enough to show whole. */
export function previewOf(text: string, maxChars: number, maxLines: number): string | null {
  let cut = text.length > maxChars ? maxChars : -1;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < (cut < 0 ? text.length : cut); i = text.indexOf('\n', i + 1)) {
    if (++lines > maxLines) {
      cut = i;
      break;
    }
  }
  if (cut < 0) return null;
  // End on a word where one is near, never inside a surrogate pair.
  const space = text.lastIndexOf(' ', cut);
  if (space > cut - 40 && space > 0) cut = space;
  else if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut--;
  return text.slice(0, cut).trimEnd();
}

const SUMMARY =
  'inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-brand-800 underline underline-offset-2 hover:text-brand-900';

export function ClippedText({
  text,
  className = 'whitespace-pre-wrap break-words',
  maxChars = 600,
  maxLines = 8,
  inline = false,
}: {
  text: string;
  className?: string;
  maxChars?: number;
  maxLines?: number;
  /** Flows in its line (a list item): the preview stays beside the marker. */
  inline?: boolean;
}) {
  const preview = previewOf(text, maxChars, maxLines);
  const Text = inline ? 'span' : 'p';
  if (preview === null) return <Text className={className}>{text}</Text>;
  return (
    <div className={inline ? 'group/clip contents' : 'group/clip'}>
      <Text className={`${className} group-has-[[open]]/clip:hidden`}>{preview}…</Text>
      <details className="group/clip-more">
        <summary className={SUMMARY}>
          <span className="group-open/clip-more:hidden">Show more</span>
          <span className="hidden group-open/clip-more:inline">Show less</span>
        </summary>
        <p className={className}>{text}</p>
      </details>
    </div>
  );
}

/** A list of short texts (a pupil's medical conditions): the first `shown`, the rest behind "Show n more". */
export function ClippedList({
  items,
  shown = 8,
  className = 'list-inside list-disc',
}: {
  items: readonly string[];
  shown?: number;
  className?: string;
}) {
  const head = items.length > shown + 1 ? items.slice(0, shown) : items;
  const rest = items.slice(head.length);
  const item = (text: string, i: number) => (
    <li key={i} className="break-words">
      <ClippedText text={text} className="break-words" maxChars={200} maxLines={3} inline />
    </li>
  );
  return (
    <>
      <ul className={className}>{head.map(item)}</ul>
      {rest.length > 0 ? (
        <details className="group/list-more">
          <summary className={SUMMARY}>
            <span className="group-open/list-more:hidden">Show {rest.length} more</span>
            <span className="hidden group-open/list-more:inline">Show fewer</span>
          </summary>
          <ul className={className}>{rest.map((t, i) => item(t, head.length + i))}</ul>
        </details>
      ) : null}
    </>
  );
}
