import { notFound } from 'next/navigation';
import { isRootDomainRequest } from '@/lib/http';

/** Pages of the bare root domain only; on a school's subdomain they do not exist. */
export default async function RootDomainLayout({ children }: { children: React.ReactNode }) {
  if (!(await isRootDomainRequest())) notFound();
  return children;
}
