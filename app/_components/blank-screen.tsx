'use client';

import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

/**
 * Covers the page after the school's idle timeout, or at once from the "Blank
 * screen" button, so a screen left on a desk shows nothing. The page stays
 * underneath untouched: a click or key reveals it with everything typed intact.
 * While covered, the page is inert (no focus, no screen reader access).
 */
export function BlankScreen({ idleMinutes }: { idleMinutes: number }) {
  const [blank, setBlank] = useState(false);
  const overlay = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<Element | null>(null);

  const cover = () => {
    returnFocus.current = document.activeElement;
    setBlank(true);
  };

  // While visible: any activity restarts the idle countdown.
  useEffect(() => {
    if (blank) return;
    let timer = setTimeout(() => {
      returnFocus.current = document.activeElement;
      setBlank(true);
    }, idleMinutes * 60_000);
    const activity = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        returnFocus.current = document.activeElement;
        setBlank(true);
      }, idleMinutes * 60_000);
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input'] as const;
    events.forEach((e) => window.addEventListener(e, activity, { passive: true }));
    return () => {
      clearTimeout(timer);
      events.forEach((e) => window.removeEventListener(e, activity));
    };
  }, [blank, idleMinutes]);

  useEffect(() => {
    const page = document.getElementById('app-root');
    if (page) page.inert = blank;
    if (blank) overlay.current?.focus();
    else if (returnFocus.current instanceof HTMLElement) returnFocus.current.focus();
  }, [blank]);

  return (
    <>
      <button
        type="button"
        onClick={cover}
        className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100"
        title="Hide the screen now"
      >
        Blank screen
      </button>
      {/* The cover lives outside #app-root (a portal), which becomes inert while it shows. */}
      {blank
        ? createPortal(
            <div
              ref={overlay}
              role="dialog"
              aria-modal="true"
              aria-label="Screen hidden"
              tabIndex={-1}
              // The revealing key or tap is swallowed: it must not type into, or click, the page beneath.
              onPointerDown={(e) => {
                e.preventDefault();
                setBlank(false);
              }}
              onKeyDown={(e) => {
                e.preventDefault();
                setBlank(false);
              }}
              className="fixed inset-0 z-50 flex cursor-pointer items-center justify-center bg-slate-900 p-6 text-center text-slate-100 outline-none"
            >
              <div>
                <p className="text-xl font-semibold">Screen hidden</p>
                <p className="mt-2 text-slate-300">
                  To protect pupils’ information. Tap or press any key to carry on where you were.
                </p>
              </div>
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
