import type { MonitoringLozenge } from '@/lib/monitoring';

/** A category in the school's colour, its text colour derived for contrast (lib/access lozengeTextColour). */
export function Lozenge({
  category,
  size = 'md',
}: {
  category: Pick<MonitoringLozenge, 'name' | 'colour' | 'textColour'>;
  size?: 'sm' | 'md';
}) {
  return (
    <span
      className={`inline-flex max-w-full items-center truncate rounded-full font-medium ${size === 'sm' ? 'px-2 py-0.5 text-xs' : 'px-2.5 py-1 text-sm'}`}
      style={{ backgroundColor: category.colour, color: category.textColour }}
    >
      {category.name}
    </span>
  );
}
