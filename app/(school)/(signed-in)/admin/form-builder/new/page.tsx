import { getFormBuilder } from '@/lib/admin';
import { AdminPageHeader } from '../../_components/page-header';
import { requireAdminPage } from '../../admin-page';
import { CustomFieldForm } from '../custom-field-form';
import { FORM_TITLES, formOf } from '../form-kinds';

export const metadata = { title: 'Add a field' };

export default async function NewFieldPage({ searchParams }: { searchParams: Promise<{ form?: string | string[] }> }) {
  const ctx = await requireAdminPage();
  const form = formOf((await searchParams).form);
  const page = await getFormBuilder(ctx, form);
  return (
    <div className="max-w-3xl space-y-4">
      <AdminPageHeader
        title={`Add a field to the ${FORM_TITLES[form].toLowerCase()}`}
        intro="It is added at the end of the form; move it where it belongs on the form builder."
        back={{ href: `/admin/form-builder?form=${form}`, label: FORM_TITLES[form] }}
      />
      <CustomFieldForm form={form} version={page.version} categories={page.categories} />
    </div>
  );
}
