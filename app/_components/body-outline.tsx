/**
 * Haven's default body map: a plain, neutral figure, front and back, drawn in
 * a 200 × 420 box. Markers are stored as fractions of that box, so they land
 * in the same place at any size. Server-renderable; the marker widgets and the
 * chronology draw on top of it.
 */
import { BODY_MAPS } from '@/lib/incidents/client';
import type { MapChoice } from '@/lib/maps/client';

export { BODY_MAPS };

export const BODY_VIEWBOX = { width: 200, height: 420 };

/** A map as the drawings take it: a built-in one (no image) or an uploaded picture with its dimensions. */
export type DrawnMap = Pick<MapChoice, 'id' | 'title'> & { image?: MapChoice['image'] };

/** The box a map is drawn in: the body figure's, or 200 wide at the picture's proportions. */
export function mapBox(map: DrawnMap): { width: number; height: number } {
  if (!map.image) return BODY_VIEWBOX;
  return { width: 200, height: Math.round((200 * map.image.height * 10) / map.image.width) / 10 };
}

/** What a map shows under its markers: the body figure, or the school's picture stretched to the box. */
export function MapDrawing({ map }: { map: DrawnMap }) {
  if (!map.image) return <BodyOutline side={map.id === 'body-back' ? 'back' : 'front'} />;
  const box = mapBox(map);
  return <image href={map.image.src} x="0" y="0" width={box.width} height={box.height} preserveAspectRatio="none" />;
}

const FIGURE =
  'M100 8c15 0 26 12 26 28s-11 30-26 30-26-14-26-30 11-28 26-28z' + // head
  'M88 66h24l2 14 30 8c10 3 15 10 16 20l10 96c1 7-9 9-11 2l-16-84-4 60 4 34 6 70 2 100c0 8-14 9-15 1l-12-96-10-70h-8l-10 70-12 96c-1 8-15 7-15-1l2-100 6-70 4-34-4-60-16 84c-2 7-12 5-11-2l10-96c1-10 6-17 16-20l30-8z';

export function BodyOutline({ side, className = '' }: { side: 'front' | 'back'; className?: string }) {
  return (
    <g className={className}>
      <path d={FIGURE} fill="#f1f5f9" stroke="#64748b" strokeWidth="2" strokeLinejoin="round" />
      {side === 'front' ? (
        <>
          <circle cx="92" cy="34" r="2.2" fill="#94a3b8" />
          <circle cx="108" cy="34" r="2.2" fill="#94a3b8" />
          <path d="M93 48q7 5 14 0" fill="none" stroke="#94a3b8" strokeWidth="2" strokeLinecap="round" />
        </>
      ) : (
        <path d="M100 84v120" stroke="#cbd5e1" strokeWidth="2" strokeDasharray="4 5" />
      )}
    </g>
  );
}

/**
 * A numbered marker at a point given as fractions of the map (what is stored),
 * drawn in the map's viewBox. Decorative: the list beside a map says what each
 * number is.
 */
export function MarkerDot({
  x,
  y,
  label,
  r = 12,
  className = '',
  box = BODY_VIEWBOX,
}: {
  x: number;
  y: number;
  label: number;
  r?: number;
  className?: string;
  /** The map's box (mapBox); the body figure's unless given. */
  box?: { width: number; height: number };
}) {
  const cx = x * box.width;
  const cy = y * box.height;
  return (
    <g aria-hidden="true" className={className}>
      <circle cx={cx} cy={cy} r={r} fill="#b42318" stroke="#fff" strokeWidth="2" />
      <text x={cx} y={cy + r * 0.38} textAnchor="middle" fontSize={r + 2} fontWeight="700" fill="#fff">
        {label}
      </text>
    </g>
  );
}

/** One map (a body map or the school's own) as a captioned picture, with markers (or anything else) drawn over it. */
export function BodyMapFigure({
  map,
  label,
  className = '',
  children,
}: {
  map: DrawnMap;
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  const box = mapBox(map);
  return (
    <figure className={className}>
      <svg viewBox={`0 0 ${box.width} ${box.height}`} role="img" aria-label={label} className="h-auto w-full">
        <MapDrawing map={map} />
        {children}
      </svg>
      <figcaption className="text-center text-xs text-slate-600">{map.title}</figcaption>
    </figure>
  );
}
