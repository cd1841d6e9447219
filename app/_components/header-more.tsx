'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

/**
 * The header's secondary items. On a wide screen they sit in the header's
 * row as they always did; on a phone they fold behind "More", so the header
 * keeps to two rows. One copy of each item either way (the idle timer of
 * "Blank screen" and the "Remind me" form must not run twice). The button
 * says whether it is open (aria-expanded); Escape or a click elsewhere closes
 * it and Escape returns focus to it; opening another page closes it.
 */
export function HeaderMore({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const path = usePathname();
  const [shownFor, setShownFor] = useState(path);
  if (shownFor !== path) {
    setShownFor(path);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // An open "Remind me" inside closes first, on its own.
      if (panel.current?.querySelector('details[open]')) return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="header-more"
        onClick={() => setOpen((o) => !o)}
        className="inline-flex items-center gap-0.5 rounded-lg border border-slate-300 px-2 py-1 font-medium text-slate-800 hover:bg-slate-100 sm:hidden"
      >
        More
        <span aria-hidden="true" className="text-slate-500">
          {open ? '▴' : '▾'}
        </span>
      </button>
      <div
        ref={panel}
        id="header-more"
        className={`${
          open ? 'flex' : 'hidden'
        } absolute top-full right-0 z-30 mt-1 w-64 max-w-[calc(100vw-1rem)] flex-col items-stretch gap-1 rounded-xl border border-slate-200 bg-white p-2 shadow-lg sm:static sm:mt-0 sm:flex sm:w-auto sm:max-w-none sm:flex-row sm:flex-wrap sm:items-center sm:gap-2 sm:border-0 sm:bg-transparent sm:p-0 sm:shadow-none`}
      >
        {children}
      </div>
    </>
  );
}
