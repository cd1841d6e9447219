/** A pupil's monitoring categories as coloured lozenges; the text colour is derived for contrast (lib/access/lozenge-colour.ts). */
export function Lozenges({
  categories,
  className = '',
}: {
  categories: { name: string; colour: string; textColour: string }[];
  className?: string;
}) {
  if (categories.length === 0) return null;
  return (
    <ul className={`flex flex-wrap gap-1 ${className}`} aria-label="Monitored for">
      {categories.map((c) => (
        <li
          key={c.name}
          className="rounded-full px-2 py-0.5 text-xs font-medium leading-5"
          style={{ backgroundColor: c.colour, color: c.textColour }}
        >
          {c.name}
        </li>
      ))}
    </ul>
  );
}

/** The quiet tag beside an archived pupil's name. */
export function ArchivedTag() {
  return (
    <span className="rounded-full border border-slate-300 bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
      Archived
    </span>
  );
}
