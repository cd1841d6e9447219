import { getAlertGroup, listAlertGroupCandidates, listGroupOptions } from '@/lib/admin';
import { orNotFound, requireAdminPage } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';
import { AlertGroupForm, ArchiveAlertGroupButton } from '../alert-group-form';

export const metadata = { title: 'Alert group' };

export default async function AlertGroupPage({ params }: { params: Promise<{ alertGroupId: string }> }) {
  const ctx = await requireAdminPage();
  const { alertGroupId } = await params;
  const alertGroup = await orNotFound(getAlertGroup(ctx, alertGroupId));
  const [candidates, groups] = await Promise.all([listAlertGroupCandidates(ctx, alertGroup.id), listGroupOptions(ctx)]);
  return (
    <div className="space-y-4">
      <AdminPageHeader title={alertGroup.name} back={{ href: '/admin/alert-groups', label: 'Alert groups' }}>
        <ArchiveAlertGroupButton alertGroupId={alertGroup.id} name={alertGroup.name} />
      </AdminPageHeader>
      <AlertGroupForm alertGroup={alertGroup} candidates={candidates} groups={groups} />
    </div>
  );
}
