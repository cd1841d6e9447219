import Link from 'next/link';
import { getFormBuilder } from '@/lib/admin';
import { FORM_KINDS, type FormKind } from '@/lib/settings';
import { AdminPageHeader, buttonLink } from '../_components/page-header';
import { param, requireAdminPage } from '../admin-page';
import { FieldList } from './field-list';
import { FORM_TITLES, formOf } from './form-kinds';

export const metadata = { title: 'Form builder' };

const FORM_INTROS: Record<FormKind, string> = {
  incident: 'The add-incident and edit-incident forms.',
  action: 'The add-action and edit-action forms.',
  student: '“Edit information” on a pupil’s overview. Its fields appear for every pupil.',
};

const DONE: Record<string, string> = {
  added: 'The field is added at the end of the form. Move it where it belongs.',
  changed: 'The field is saved. Forms show the change from the next page load.',
  deleted: 'The field is deleted. Values already recorded stay in their records and history.',
};

/** Admin → Form builder: one form's fields in order, moved, advised, added, edited and deleted. */
export default async function FormBuilderPage({
  searchParams,
}: {
  searchParams: Promise<{ form?: string | string[]; done?: string | string[] }>;
}) {
  const ctx = await requireAdminPage();
  const sp = await searchParams;
  const form = formOf(sp.form);
  const page = await getFormBuilder(ctx, form);
  const done = DONE[param(sp.done) ?? ''];
  return (
    <div className="space-y-5">
      <AdminPageHeader
        title="Form builder"
        intro="The order of each form’s fields, advice shown under any of them, and your school’s own fields."
      />
      <nav aria-label="Forms" className="overflow-x-auto">
        <ul className="flex min-w-max gap-2 sm:min-w-0 sm:flex-wrap">
          {FORM_KINDS.map((k) => (
            <li key={k}>
              <Link
                href={`/admin/form-builder?form=${k}`}
                aria-current={k === form ? 'page' : undefined}
                className={`inline-flex min-h-11 items-center rounded-full border px-4 text-sm font-medium ${k === form ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50'}`}
              >
                {FORM_TITLES[k]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {done ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          {done}
        </p>
      ) : null}
      <section aria-labelledby="form-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div className="min-w-0">
            <h2 id="form-heading" className="text-lg font-semibold">
              {FORM_TITLES[form]}
            </h2>
            <p className="text-sm text-slate-600">
              {FORM_INTROS[form]} Drag a field by its handle, or use Up and Down. Built-in fields can be moved and given
              advice; your own fields can also be edited and deleted.
            </p>
          </div>
          <Link href={`/admin/form-builder/new?form=${form}`} className={buttonLink}>
            Add a field
          </Link>
        </div>
        <FieldList form={form} version={page.version} rows={page.rows} />
      </section>
    </div>
  );
}
