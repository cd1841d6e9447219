import { adminAccess } from '@/lib/admin';
import { requireUserCtx } from '@/lib/http';
import { AdminNav } from './_components/admin-nav';

/** The admin area's frame: its own navigation, shown only to those who may use it now. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireUserCtx();
  return (
    <div className="space-y-6">
      {adminAccess(ctx) === 'allowed' ? <AdminNav /> : null}
      {children}
    </div>
  );
}
