'use client';

import { useEffect, useRef, useState } from 'react';

/** The table's top checkbox: ticks or clears every document box of the zip form (it shows "some" when mixed). */
export function SelectAll({ form }: { form: string }) {
  const box = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'none' | 'some' | 'all'>('none');
  const boxes = () => [
    ...document.querySelectorAll<HTMLInputElement>(`input[type=checkbox][form="${form}"][name="id"]`),
  ];

  useEffect(() => {
    const sync = () => {
      const all = boxes();
      const ticked = all.filter((b) => b.checked).length;
      setState(ticked === 0 ? 'none' : ticked === all.length ? 'all' : 'some');
    };
    document.addEventListener('change', sync);
    return () => document.removeEventListener('change', sync);
  });

  useEffect(() => {
    if (box.current) box.current.indeterminate = state === 'some';
  }, [state]);

  return (
    <input
      ref={box}
      type="checkbox"
      aria-label="Select all documents"
      checked={state === 'all'}
      onChange={(e) => {
        for (const b of boxes()) b.checked = e.currentTarget.checked;
        setState(e.currentTarget.checked ? 'all' : 'none');
      }}
      className="h-5 w-5"
    />
  );
}
