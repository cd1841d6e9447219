/**
 * The profile's tabs, in order. Report joins this list with
 * their features; a tab is listed only when its page exists.
 */
import { PROFILE_VIEW_LABELS, type ProfileHeader, type ProfileView } from '@/lib/profile';

export interface ProfileTab {
  view: ProfileView;
  /** Path below /students/<id>. */
  path: string;
  label: string;
  /** Shown only to those who may edit the pupil's information. */
  needsEdit?: boolean;
  /** Shown only to those who may read who viewed and changed the record ('student.audit'). */
  needsAudit?: boolean;
  /** Shown only to those who may open the pupil's Document vault ('student.documents'). */
  needsDocuments?: boolean;
  /** Shown only to those who may run reports ('reports.run'). */
  needsReports?: boolean;
}

const tab = (view: ProfileView, path: string, extra: Partial<ProfileTab> = {}): ProfileTab => ({
  view,
  path,
  label: PROFILE_VIEW_LABELS[view],
  ...extra,
});

export const PROFILE_TABS: readonly ProfileTab[] = [
  tab('overview', ''),
  tab('incidents', '/incidents'),
  tab('edit', '/edit', { needsEdit: true }),
  tab('contacts', '/contacts'),
  tab('attendance', '/attendance'),
  tab('monitoring', '/monitoring'),
  tab('documents', '/documents', { needsDocuments: true }),
  tab('report', '/report', { needsReports: true }),
  tab('audit', '/audit', { needsAudit: true }),
];

/** The tabs this viewer is offered: the engine's decisions arrive in the header. */
export function tabsFor(
  header: Pick<ProfileHeader, 'canEdit' | 'canAudit' | 'canDocuments' | 'canReport'>,
): ProfileTab[] {
  return PROFILE_TABS.filter(
    (t) =>
      (!t.needsEdit || header.canEdit) &&
      (!t.needsAudit || header.canAudit) &&
      (!t.needsDocuments || header.canDocuments) &&
      (!t.needsReports || header.canReport),
  );
}

export const profileHref = (studentId: string, path = '') => `/students/${studentId}${path}`;
