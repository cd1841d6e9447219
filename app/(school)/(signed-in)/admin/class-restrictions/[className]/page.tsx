import { getClassRestriction, listClassRestrictionCandidates, listGroupOptions } from '@/lib/admin';
import { orNotFound, requireAdminPage } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';
import { ClassRestrictionForm } from '../class-restriction-form';

export const metadata = { title: 'Class restriction' };

export default async function ClassRestrictionPage({ params }: { params: Promise<{ className: string }> }) {
  const ctx = await requireAdminPage();
  const { className } = await params;
  let name: string;
  try {
    name = decodeURIComponent(className);
  } catch {
    name = '';
  }
  const detail = await orNotFound(getClassRestriction(ctx, name));
  const [candidates, groups] = await Promise.all([
    listClassRestrictionCandidates(ctx, detail.memberIds),
    listGroupOptions(ctx),
  ]);
  const label = detail.kind === 'tutor' ? 'Tutor group' : 'Year group';
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title={`${label} ${detail.name}`}
        intro={`${detail.pupils === 1 ? '1 pupil' : `${detail.pupils} pupils`} on roll. The people and user groups listed here are the key holders who may see them.`}
        back={{ href: '/admin/class-restrictions', label: 'Class restrictions' }}
      />
      <ClassRestrictionForm detail={detail} candidates={candidates} groups={groups} />
    </div>
  );
}
