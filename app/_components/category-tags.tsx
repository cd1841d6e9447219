/** Categories as small lozenges in the school's colours, inline in a line of text (an alert, a search suggestion). */
export function CategoryTags({
  categories,
  as: Outer = 'span',
}: {
  categories: { name: string; colour: string; textColour: string }[];
  as?: 'span' | 'div';
}) {
  return (
    <Outer className="mt-1 flex flex-wrap gap-1">
      {categories.map((c) => (
        <span
          key={c.name}
          className="rounded-full px-2 py-0.5 text-xs font-medium"
          style={{ backgroundColor: c.colour, color: c.textColour }}
        >
          {c.name}
        </span>
      ))}
    </Outer>
  );
}
