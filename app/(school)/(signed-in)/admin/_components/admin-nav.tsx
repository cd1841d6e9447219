'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';

export const ADMIN_SECTIONS = [
  { href: '/admin/overview', label: 'Overview' },
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/users/deactivated', label: 'Deactivated users' },
  { href: '/admin/groups', label: 'User groups' },
  { href: '/admin/alert-groups', label: 'Alert groups' },
  { href: '/admin/categories', label: 'Categories' },
  { href: '/admin/agencies', label: 'Agencies' },
  { href: '/admin/class-restrictions', label: 'Class restrictions' },
  { href: '/admin/imports', label: 'Imports' },
  { href: '/admin/maps', label: 'Maps' },
  { href: '/admin/settings', label: 'School settings' },
  { href: '/admin/form-builder', label: 'Form builder' },
  { href: '/admin/calendar', label: 'Calendar' },
  { href: '/admin/training', label: 'Training mode' },
  { href: '/admin/transfers/export', label: 'Export a pupil’s file' },
  { href: '/admin/transfers/register', label: 'Transfer register' },
] as const;

/** The admin area's own navigation; the current section is marked for screen readers too. */
export function AdminNav() {
  const pathname = usePathname();
  // The longest matching prefix wins, so /admin/users/deactivated is not also "Users".
  const current = ADMIN_SECTIONS.filter((s) => pathname === s.href || pathname.startsWith(`${s.href}/`)).sort(
    (a, b) => b.href.length - a.href.length,
  )[0];
  const nav = useRef<HTMLElement>(null);
  // On a phone the strip is wider than the screen: bring the current section into sight, sideways only.
  // A wide screen shows every section, wrapped onto a second line if need be.
  useEffect(() => {
    nav.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  return (
    <nav
      ref={nav}
      aria-label="Administration"
      className="-mx-4 overflow-x-auto border-b border-slate-200 px-4 lg:overflow-visible"
    >
      <ul className="flex min-w-max gap-1 text-sm lg:min-w-0 lg:flex-wrap">
        <li>
          <Link
            href="/admin"
            aria-current={pathname === '/admin' ? 'page' : undefined}
            className={`inline-block border-b-2 px-3 py-2 ${pathname === '/admin' ? 'border-brand-600 font-semibold text-brand-900' : 'border-transparent text-slate-700 hover:text-slate-900'}`}
          >
            Administration
          </Link>
        </li>
        {ADMIN_SECTIONS.map((s) => (
          <li key={s.href}>
            <Link
              href={s.href}
              aria-current={current?.href === s.href ? 'page' : undefined}
              className={`inline-block border-b-2 px-3 py-2 ${current?.href === s.href ? 'border-brand-600 font-semibold text-brand-900' : 'border-transparent text-slate-700 hover:text-slate-900'}`}
            >
              {s.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
