import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getNameStyle, requireUserCtx } from '@/lib/http';
import { registerCells, transferExportAccess, transferRegister } from '@/lib/transfers';
import { AdminPageHeader } from '../../_components/page-header';

export const metadata = { title: 'Transfer register' };

export default async function TransferRegisterPage() {
  const ctx = await requireUserCtx();
  if (transferExportAccess(ctx) !== 'allowed') redirect('/admin');
  const rows = await transferRegister(ctx, await getNameStyle(ctx));
  const cells = rows.map((r) => registerCells(r, ctx.school.timeZone));
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="Transfer register"
        intro="Every child protection file this school sent or received, with when each step happened and who took it, for the local authority and inspectors. Staff of the other school are shown as that school's name."
      />
      <p className="flex flex-wrap gap-4">
        <a href="/admin/transfers/register/pdf" className="text-brand-800 underline" download>
          Download PDF
        </a>
        <a href="/admin/transfers/register/excel" className="text-brand-800 underline" download>
          Download Excel
        </a>
        <Link href="/admin/transfers/export" className="text-brand-800 underline">
          Export for a school without Haven
        </Link>
      </p>
      {rows.length === 0 ? (
        <p className="text-slate-700">No transfers sent or received yet.</p>
      ) : (
        <ul aria-label="Transfers" className="space-y-3">
          {cells.map((c, i) => (
            <li key={rows[i]!.id} className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
              <h2 className="font-semibold">
                {c[0]![1]}: {c[1]![1]}
              </h2>
              <dl className="mt-2 grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
                {c.slice(2).map(([label, value]) => (
                  <div key={label} className="contents">
                    <dt className="text-slate-600">{label}</dt>
                    <dd>{value || '—'}</dd>
                  </div>
                ))}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
