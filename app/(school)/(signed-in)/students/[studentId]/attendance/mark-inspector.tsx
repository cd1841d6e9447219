'use client';

import { useState } from 'react';

/**
 * Shows the mark under the finger or the keyboard: each session cell of the
 * calendar is a button carrying its description in `data-mark` (and in its
 * title and accessible name, which work without JavaScript). Tapping or
 * focusing one fills the panel, which stays in view at the bottom.
 */
export function MarkInspector({ children }: { children: React.ReactNode }) {
  const [text, setText] = useState<string | null>(null);
  const pick = (e: React.SyntheticEvent) => {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-mark]');
    if (cell) setText(cell.dataset.mark ?? null);
  };
  return (
    <div onFocus={pick} onClick={pick} onMouseOver={pick}>
      {children}
      <p
        aria-live="polite"
        className="sticky bottom-2 z-10 mt-4 lg:static rounded-xl border border-slate-200 bg-white/95 px-4 py-3 text-sm text-slate-800 shadow-md backdrop-blur"
      >
        {text ?? 'Tap or hover over a session to see its mark.'}
      </p>
    </div>
  );
}
