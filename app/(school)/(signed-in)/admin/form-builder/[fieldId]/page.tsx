import { notFound } from 'next/navigation';
import { getFormBuilder } from '@/lib/admin';
import { AdminPageHeader } from '../../_components/page-header';
import { requireAdminPage } from '../../admin-page';
import { CustomFieldForm } from '../custom-field-form';
import { DeleteFieldForm } from '../delete-field-form';
import { FORM_TITLES, formOf } from '../form-kinds';

export const metadata = { title: 'Edit a field' };

/** One of the school's own fields: edited, or deleted. A built-in, deleted or other school's field is not found. */
export default async function EditFieldPage({
  params,
  searchParams,
}: {
  params: Promise<{ fieldId: string }>;
  searchParams: Promise<{ form?: string | string[] }>;
}) {
  const ctx = await requireAdminPage();
  const { fieldId } = await params;
  const form = formOf((await searchParams).form);
  const page = await getFormBuilder(ctx, form);
  const row = page.rows.find((r) => r.custom && r.entry === fieldId);
  if (!row?.custom) notFound();
  return (
    <div className="max-w-3xl space-y-4">
      <AdminPageHeader
        title={`Edit “${row.label}”`}
        intro="Changes show on forms from the next page load. Values already recorded stay as they were recorded; once a field has values, its kind stays (text and multiline text excepted)."
        back={{ href: `/admin/form-builder?form=${form}`, label: FORM_TITLES[form] }}
      />
      <CustomFieldForm
        form={form}
        version={page.version}
        field={row.custom}
        advice={row.advice}
        categories={page.categories}
      />
      <DeleteFieldForm form={form} version={page.version} fieldId={row.custom.id} label={row.label} />
    </div>
  );
}
