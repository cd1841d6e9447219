import Link from 'next/link';
import { HavenWordmark } from './logo';

/** The frame of pages outside a signed-in school: a slim header, centred content, a quiet footer. */
export function PageShell({ children, subtitle }: { children: React.ReactNode; subtitle?: string }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
          <Link href="/" className="rounded-md">
            <HavenWordmark />
          </Link>
          {subtitle ? <span className="truncate text-sm text-slate-600">{subtitle}</span> : null}
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:py-12">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto max-w-5xl px-4 py-4 text-xs text-slate-500">
          Haven keeps schools’ safeguarding records. Open and self-hostable.
        </div>
      </footer>
    </div>
  );
}
