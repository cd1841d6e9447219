import { getSchool } from '@/lib/http/context';

/**
 * Everything served on a school's own subdomain (proxy.ts rewrites those hosts
 * here). Resolving the school first means an unknown subdomain is a 404 before
 * any page below renders.
 */
export default async function SchoolLayout({ children }: { children: React.ReactNode }) {
  await getSchool();
  return children;
}
