import { getNewCategoryChoices } from '@/lib/admin';
import { requireAdminPage } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';
import { NewCategoryForm } from '../category-form';

export const metadata = { title: 'New category' };

export default async function NewCategoryPage() {
  const ctx = await requireAdminPage();
  const choices = await getNewCategoryChoices(ctx);
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="New category"
        intro="Give only the groups that need it any rights; they can be changed later on each user group."
        back={{ href: '/admin/categories', label: 'Categories' }}
      />
      <NewCategoryForm choices={choices} />
    </div>
  );
}
