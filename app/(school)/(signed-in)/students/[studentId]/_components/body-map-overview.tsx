'use client';

import Link from 'next/link';
import { useState } from 'react';
import { BodyMapFigure, mapBox, MarkerDot } from '@/app/_components/body-outline';
import { BUILT_IN_CHOICES, type MapChoice } from '@/lib/maps/client';

export interface OverviewMarker {
  mapId: string;
  x: number;
  y: number;
  note: string;
  /** Its number on the combined map. */
  n: number;
}

export interface OverviewMapIncident {
  id: string;
  number: number;
  /** When it happened, already written in the school's time zone. */
  when: string;
  href: string;
  markers: OverviewMarker[];
}

/**
 * Every marker of the pupil's visible incidents on one front and one back
 * map, numbered, with the incidents listed beside them. Pointing at an
 * incident, focusing it from the keyboard, or tapping it (which keeps it
 * chosen until tapped again) brings its markers forward and dims the rest.
 */
export function BodyMapOverview({
  incidents,
  maps = BUILT_IN_CHOICES,
}: {
  incidents: OverviewMapIncident[];
  /** The school's maps, disabled ones included: the body maps are always drawn, the school's own when they hold markers. */
  maps?: MapChoice[];
}) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [pointed, setPointed] = useState<string | null>(null);
  const active = pointed ?? chosen;
  const all = incidents.flatMap((i) => i.markers.map((m) => ({ ...m, incidentId: i.id })));
  const drawn = maps.filter((m) => (!m.image && m.enabled) || all.some((x) => x.mapId === m.id));
  return (
    <div className="grid gap-4 sm:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
      <div className="grid grid-cols-2 gap-2 self-start">
        {drawn.map((map) => {
          const here = all.filter((m) => m.mapId === map.id);
          return (
            <BodyMapFigure
              key={map.id}
              map={map}
              className={map.image ? 'col-span-2' : ''}
              label={`${map.title}: ${here.length === 1 ? '1 marker' : `${here.length} markers`}`}
            >
              {/* The chosen incident's markers are drawn last, so they sit on top of the others. */}
              {[...here.filter((m) => m.incidentId !== active), ...here.filter((m) => m.incidentId === active)].map(
                (m) => (
                  <MarkerDot
                    key={m.n}
                    x={m.x}
                    y={m.y}
                    label={m.n}
                    r={active === m.incidentId ? 15 : 12}
                    box={mapBox(map)}
                    className={`transition-opacity ${active && active !== m.incidentId ? 'opacity-25' : ''}`}
                  />
                ),
              )}
            </BodyMapFigure>
          );
        })}
      </div>
      <ol aria-label="Incidents with markers" className="space-y-2">
        {incidents.map((i) => {
          const on = active === i.id;
          return (
            <li
              key={i.id}
              onMouseEnter={() => setPointed(i.id)}
              onMouseLeave={() => setPointed(null)}
              onFocus={() => setPointed(i.id)}
              onBlur={() => setPointed(null)}
              data-highlighted={on ? 'true' : undefined}
              className={`rounded-xl border p-3 ${on ? 'border-rose-300 bg-rose-50' : 'border-slate-200 bg-white'}`}
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <button
                  type="button"
                  aria-pressed={chosen === i.id}
                  onClick={() => {
                    setPointed(null);
                    setChosen((c) => (c === i.id ? null : i.id));
                  }}
                  className="min-h-11 rounded-lg px-1 text-left font-medium text-slate-900 hover:underline"
                >
                  Incident #{i.number} <span className="font-normal text-slate-600">· {i.when}</span>
                  <span className="sr-only"> (show its markers)</span>
                </button>
                <Link href={i.href} className="text-sm font-medium text-brand-700 underline underline-offset-2">
                  Open<span className="sr-only"> incident #{i.number}</span>
                </Link>
              </div>
              <ul className="mt-1 space-y-0.5 text-sm text-slate-800">
                {i.markers.map((m) => (
                  <li key={m.n} className="flex gap-2">
                    <span
                      aria-hidden="true"
                      className="inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-rose-700 text-xs font-bold text-white"
                    >
                      {m.n}
                    </span>
                    <span className="sr-only">Marker {m.n}: </span>
                    <span className="min-w-0 break-words">
                      {m.note || <span className="text-slate-500">No note</span>}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
