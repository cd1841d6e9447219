'use client';

import { useState } from 'react';
import { mapBox, MapDrawing, MarkerDot } from '@/app/_components/body-outline';
import { BUILT_IN_CHOICES, type MapChoice } from '@/lib/maps/client';

export interface Marker {
  mapId: string;
  x: number;
  y: number;
  note: string;
}

const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;

/**
 * Numbered markers on the body maps and the school's own maps: tap or click
 * where, then add a short note. Keyboard: focus a map, move the cross with the
 * arrow keys, Enter places a marker. The markers travel as one JSON field, as
 * fractions of the map's width and height.
 *
 * `maps` is the school's list (listSchoolMaps); the enabled ones are offered,
 * and a disabled one only while a marker is on it (an edit of an old incident,
 * or a draft kept from before it was disabled: the server refuses new markers
 * there with the reason). Without it, the built-in body maps.
 */
export function MapMarkers({
  name,
  initial,
  errors,
  maps = BUILT_IN_CHOICES,
}: {
  name: string;
  initial: Marker[];
  errors?: string[];
  maps?: MapChoice[];
}) {
  const [markers, setMarkers] = useState<Marker[]>(initial);
  const [cursor, setCursor] = useState<Record<string, { x: number; y: number }>>({});
  const shown = maps.filter((m) => m.enabled || markers.some((x) => x.mapId === m.id));
  const titleOf = (mapId: string) => maps.find((m) => m.id === mapId)?.title ?? 'a map no longer offered';

  const place = (mapId: string, x: number, y: number) =>
    setMarkers((m) => (m.length >= 60 ? m : [...m, { mapId, x: round(x), y: round(y), note: '' }]));

  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">{shown.some((m) => m.image) ? 'Maps' : 'Body map'}</legend>
      <p className="text-sm text-slate-600">
        Tap where an injury or mark was seen. Each marker gets a number and a note.
      </p>
      <input type="hidden" name={name} value={JSON.stringify(markers)} />
      <div className="grid grid-cols-2 gap-3">
        {shown.map((map) => {
          const c = cursor[map.id] ?? { x: 0.5, y: 0.4 };
          const box = mapBox(map);
          return (
            <figure
              key={map.id}
              className={`rounded-xl border border-slate-200 bg-white p-2 ${map.image ? 'col-span-2' : ''}`}
            >
              <svg
                viewBox={`0 0 ${box.width} ${box.height}`}
                role="application"
                aria-label={`${map.title}: press Enter to place a marker at the cross, arrow keys to move it`}
                tabIndex={0}
                className="group block h-auto w-full cursor-crosshair touch-manipulation rounded-lg focus:outline-2 focus:outline-brand-600"
                onClick={(e) => {
                  const r = e.currentTarget.getBoundingClientRect();
                  place(map.id, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
                }}
                onKeyDown={(e) => {
                  const step = e.shiftKey ? 0.1 : 0.025;
                  const move = {
                    ArrowLeft: [-step, 0],
                    ArrowRight: [step, 0],
                    ArrowUp: [0, -step],
                    ArrowDown: [0, step],
                  }[e.key];
                  if (move) {
                    e.preventDefault();
                    setCursor((all) => ({ ...all, [map.id]: { x: round(c.x + move[0]!), y: round(c.y + move[1]!) } }));
                  } else if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    place(map.id, c.x, c.y);
                  }
                }}
              >
                <MapDrawing map={map} />
                <g className="hidden group-focus:inline" aria-hidden="true">
                  <path
                    d={`M${c.x * box.width - 10} ${c.y * box.height}h20M${c.x * box.width} ${c.y * box.height - 10}v20`}
                    stroke="#0f172a"
                    strokeWidth="2"
                  />
                </g>
                {markers.map((m, i) =>
                  m.mapId === map.id ? <MarkerDot key={i} x={m.x} y={m.y} label={i + 1} r={11} box={box} /> : null,
                )}
              </svg>
              <figcaption className="mt-1 text-center text-sm text-slate-700">
                {map.title}
                {map.enabled ? null : ' (no longer offered)'}
              </figcaption>
            </figure>
          );
        })}
      </div>
      {markers.length > 0 ? (
        <ol className="space-y-2">
          {markers.map((m, i) => (
            <li key={i} className="flex items-center gap-2">
              <span
                className="inline-flex size-7 shrink-0 items-center justify-center rounded-full bg-rose-700 text-sm font-bold text-white"
                aria-hidden="true"
              >
                {i + 1}
              </span>
              <label className="sr-only" htmlFor={`marker-note-${i}`}>
                Note for marker {i + 1} ({titleOf(m.mapId)})
              </label>
              <input
                id={`marker-note-${i}`}
                value={m.note}
                maxLength={200}
                placeholder="What was seen here"
                onChange={(e) => setMarkers((all) => all.map((x, j) => (j === i ? { ...x, note: e.target.value } : x)))}
                className="block min-h-11 w-full rounded-lg border border-slate-300 px-3 py-2 text-base"
              />
              <button
                type="button"
                onClick={() => setMarkers((all) => all.filter((_, j) => j !== i))}
                className="min-h-11 shrink-0 rounded-lg px-3 text-sm text-slate-700 hover:bg-slate-100"
                aria-label={`Remove marker ${i + 1}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      {errors?.length ? <p className="text-sm font-medium text-rose-700">{errors.join(' ')}</p> : null}
    </fieldset>
  );
}
