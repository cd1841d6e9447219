import { getEmptyMatrix } from '@/lib/admin';
import { requireAdminPage } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';
import { GroupForm } from '../group-form';

export const metadata = { title: 'New user group' };

export default async function NewGroupPage() {
  const ctx = await requireAdminPage();
  const matrix = await getEmptyMatrix(ctx);
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="New user group"
        intro="Start with nothing ticked and add only what the group needs."
        back={{ href: '/admin/groups', label: 'User groups' }}
      />
      <GroupForm group={{ id: null, name: '', description: '', permissions: [], matrix, isOwnGroup: false }} />
    </div>
  );
}
