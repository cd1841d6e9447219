import { notFound, redirect } from 'next/navigation';
import { currentHostTarget, getCtx, getSchool, readSessionToken } from '@/lib/http';
import type { UserCtx } from '@/lib/tenancy';
import { AppShell } from './_components/app-shell';
import { Dashboard } from './_components/dashboard';
import { resolveRootSession } from '@/lib/auth';
import { RootSchools } from './_components/root-schools';
import { SchoolFinder } from './_components/school-finder';

/**
 * `/` is two pages, chosen by host: the root domain's school finder, and on a
 * school's subdomain the dashboard (or sign-in, for someone not signed in).
 */
export async function generateMetadata() {
  const target = await currentHostTarget();
  if (target.kind === 'school') return { title: (await getSchool()).name };
  return { title: 'Find your school' };
}

export default async function Home({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[]; archived?: string | string[] }>;
}) {
  const target = await currentHostTarget();
  if (target.kind === 'root') {
    const rootToken = await readSessionToken('root');
    const person = rootToken ? await resolveRootSession(rootToken) : null;
    if (person) return <RootSchools person={person} />;
    const raw = (await searchParams).q;
    return <SchoolFinder query={(Array.isArray(raw) ? raw[0] : raw) ?? ''} />;
  }
  if (target.kind === 'school') {
    const ctx = await getCtx();
    if (!ctx.user) redirect('/login');
    const sp = await searchParams;
    const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
    return (
      <AppShell ctx={ctx as UserCtx}>
        <Dashboard
          ctx={ctx as UserCtx}
          search={{ q: first(sp.q).slice(0, 100), archived: first(sp.archived) === '1' }}
        />
      </AppShell>
    );
  }
  notFound();
}
