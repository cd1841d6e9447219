import { notFound } from 'next/navigation';
import { currentHostTarget, getSchool } from '@/lib/http/context';
import { SchoolFinder } from './_components/school-finder';
import { SchoolHome } from './_components/school-home';

/**
 * `/` is two pages, chosen by host: the root domain's school finder, and a
 * school's front door on its subdomain.
 */
export async function generateMetadata() {
  const target = await currentHostTarget();
  if (target.kind === 'school') return { title: (await getSchool()).name };
  return { title: 'Find your school' };
}

export default async function Home({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const target = await currentHostTarget();
  if (target.kind === 'root') {
    const raw = (await searchParams).q;
    return <SchoolFinder query={(Array.isArray(raw) ? raw[0] : raw) ?? ''} />;
  }
  if (target.kind === 'school') return <SchoolHome school={await getSchool()} />;
  notFound();
}
