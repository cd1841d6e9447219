import { AppShell } from '@/app/_components/app-shell';
import { requireUserCtx } from '@/lib/http';

/** Pages for signed-in staff: anyone else is sent to sign in. */
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireUserCtx();
  return <AppShell ctx={ctx}>{children}</AppShell>;
}
