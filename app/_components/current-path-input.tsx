'use client';

import { usePathname } from 'next/navigation';

/** The page the person is on, so the next school opens the same kind of page. */
export function CurrentPathInput({ name }: { name: string }) {
  return <input type="hidden" name={name} value={usePathname()} />;
}
