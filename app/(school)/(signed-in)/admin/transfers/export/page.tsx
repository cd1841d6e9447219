import Link from 'next/link';
import { redirect } from 'next/navigation';
import { listCategories } from '@/lib/admin';
import { getNameStyle, requireUserCtx } from '@/lib/http';
import { formatPupilName, searchStudents } from '@/lib/students';
import { exportPupil, listTransferExports, transferExportAccess } from '@/lib/transfers';
import { orNotFound, param } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';

export const metadata = { title: 'Export for a school without Haven' };

const when = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);

export default async function TransferExportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireUserCtx();
  if (transferExportAccess(ctx) !== 'allowed') redirect('/admin');
  const sp = await searchParams;
  const q = param(sp.q) ?? '';
  const studentId = param(sp.studentId);
  const style = await getNameStyle(ctx);
  const found = q ? await searchStudents(ctx, q, { includeArchived: true }) : null;
  const pupil = studentId ? await orNotFound(exportPupil(ctx, studentId, style)) : null;
  const categories = pupil ? (await listCategories(ctx)).filter((c) => c.status !== 'merged') : [];
  const exports = await listTransferExports(ctx, style);
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="Export for a school without Haven"
        intro="When a pupil moves to a school that does not use Haven, send their child protection file as a password-protected PDF of the whole chronology and a zip of their documents. Give the password to the new school separately (by phone, not in the same email)."
      />
      <form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <label className="flex flex-col text-sm">
          <span className="font-medium">Find a pupil (pupils who have left too)</span>
          <input
            name="q"
            defaultValue={q}
            className="rounded-md border border-slate-300 px-3 py-2"
            autoComplete="off"
            required
          />
        </label>
        <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-white">
          Search
        </button>
      </form>
      {found && (
        <ul aria-label="Pupils found" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {found.items.length === 0 && <li className="px-3 py-2 text-slate-700">No pupils match.</li>}
          {found.items.map((s) => (
            <li key={s.id} className="px-3 py-2">
              <Link href={`?studentId=${s.id}`} className="text-brand-800 underline">
                {formatPupilName(s, style)}
              </Link>
              <span className="ml-2 text-sm text-slate-600">
                {[s.yearGroup, s.tutorGroup, s.archived ? 'Left' : null].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {pupil && (
        <section
          aria-labelledby="export-heading"
          className="space-y-3 rounded-2xl border border-slate-200 bg-white p-4"
        >
          <h2 id="export-heading" className="text-lg font-semibold">
            {pupil.name}
            {pupil.archived ? ' (left)' : ''}
          </h2>
          <form method="post" action="/admin/transfers/export/pdf" encType="multipart/form-data" className="space-y-3">
            <input type="hidden" name="studentId" value={pupil.id} />
            <fieldset className="space-y-1">
              <legend className="font-medium">Categories to include (none ticked: every category)</legend>
              {categories.map((c) => (
                <label key={c.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="category" value={c.id} />
                  {c.parentName ? `${c.parentName} › ${c.name}` : c.name}
                </label>
              ))}
            </fieldset>
            <fieldset className="space-y-1">
              <legend className="font-medium">Hide names</legend>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="hideStudents" value="1" defaultChecked />
                Hide pupils’ names (linked pupils become “[Linked student 1]”)
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="hideStaff" value="1" />
                Hide staff names (shown as their role)
              </label>
            </fieldset>
            <label className="flex flex-col text-sm">
              <span className="font-medium">PDF password (at least 10 characters)</span>
              <input
                type="password"
                name="pdfPassword"
                required
                minLength={10}
                autoComplete="new-password"
                className="max-w-sm rounded-md border border-slate-300 px-3 py-2"
              />
            </label>
            <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-white">
              Download the chronology PDF
            </button>
          </form>
          <p>
            <a href={`/admin/transfers/export/zip?studentId=${pupil.id}`} className="text-brand-800 underline" download>
              Download the documents (zip)
            </a>
          </p>
        </section>
      )}
      <section aria-labelledby="exports-heading" className="space-y-2">
        <h2 id="exports-heading" className="text-lg font-semibold">
          Exports made
        </h2>
        {exports.length === 0 ? (
          <p className="text-slate-700">No exports yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Pupil</th>
                <th scope="col">What</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((e, i) => (
                <tr key={i} className="border-t border-slate-200">
                  <td>{when(e.at, ctx.school.timeZone)}</td>
                  <td>{e.pupil ?? 'A pupil you cannot see'}</td>
                  <td>{e.part === 'documents' ? 'Documents (zip)' : 'Chronology (PDF)'}</td>
                  <td>{e.by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
