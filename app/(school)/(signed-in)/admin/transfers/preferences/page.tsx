import Link from 'next/link';
import { getTransferPreferences } from '@/lib/transfers';
import { requireAdminPage } from '../../admin-page';
import { TransferPreferencesForm } from './preferences-form';

export const metadata = { title: 'Transfer preferences' };

export default async function TransferPreferencesPage() {
  const ctx = await requireAdminPage();
  const { categories } = await getTransferPreferences(ctx);
  return (
    <div className="space-y-6">
      <div>
        <p>
          <Link href="/admin/transfers" className="text-brand-800 underline underline-offset-2">
            Transfers
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">Manage preferences</h1>
      </div>
      <section className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <TransferPreferencesForm categories={categories} />
      </section>
    </div>
  );
}
