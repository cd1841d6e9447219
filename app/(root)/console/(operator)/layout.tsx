import Link from 'next/link';
import { HavenWordmark } from '@/app/_components/logo';
import { requireOperator } from '@/lib/http';
import { consoleSignOutAction } from '../actions';

/**
 * Every console page: only an operator whose key is in use in this session
 * (lib/http requireOperator, asked again by each page and action, since a
 * layout alone does not guard what renders inside it).
 */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const { operator } = await requireOperator();
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
          <div className="flex items-center gap-3">
            <Link href="/console" className="rounded-md">
              <HavenWordmark />
            </Link>
            <span className="text-sm font-medium text-slate-600">Console</span>
          </div>
          <nav aria-label="Console" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
            <Link href="/console" className="text-brand-700 underline-offset-2 hover:underline">
              Schools
            </Link>
            <Link href="/console/people" className="text-brand-700 underline-offset-2 hover:underline">
              People
            </Link>
            <Link href="/console/support" className="text-brand-700 underline-offset-2 hover:underline">
              Support requests
            </Link>
            <Link href="/console/sla" className="text-brand-700 underline-offset-2 hover:underline">
              Service agreement
            </Link>
            <span className="text-slate-600">{operator.displayName}</span>
            <form action={consoleSignOutAction}>
              <button type="submit" className="text-slate-700 underline underline-offset-2">
                Sign out
              </button>
            </form>
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
