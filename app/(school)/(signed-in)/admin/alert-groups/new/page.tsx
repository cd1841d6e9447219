import { listAlertGroupCandidates, listGroupOptions } from '@/lib/admin';
import { requireAdminPage } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';
import { AlertGroupForm } from '../alert-group-form';

export const metadata = { title: 'New alert group' };

export default async function NewAlertGroupPage() {
  const ctx = await requireAdminPage();
  const [candidates, groups] = await Promise.all([listAlertGroupCandidates(ctx), listGroupOptions(ctx)]);
  return (
    <div className="space-y-4">
      <AdminPageHeader title="New alert group" back={{ href: '/admin/alert-groups', label: 'Alert groups' }} />
      <AlertGroupForm alertGroup={{ id: null, name: '', memberIds: [] }} candidates={candidates} groups={groups} />
    </div>
  );
}
