import { getSchool } from '@/lib/http';

/**
 * Everything served only on a school's own subdomain. Resolving the school
 * first means the root domain, an unknown subdomain or another host gets the
 * 404 page before anything below renders.
 */
export default async function SchoolLayout({ children }: { children: React.ReactNode }) {
  await getSchool();
  return children;
}
