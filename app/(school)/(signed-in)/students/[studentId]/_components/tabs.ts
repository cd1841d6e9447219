/**
 * The profile's tabs, in order. Documents, Report and Audit join
 * this list with their features; a tab is listed only when its page exists.
 */
import type { ProfileView } from '@/lib/students';

export interface ProfileTab {
  view: ProfileView;
  /** Path below /students/<id>. */
  path: string;
  label: string;
  /** Shown only to those who may edit the pupil's information. */
  needsEdit?: boolean;
}

export const PROFILE_TABS: readonly ProfileTab[] = [
  { view: 'overview', path: '', label: 'Overview' },
  { view: 'incidents', path: '/incidents', label: 'Incidents' },
  { view: 'edit', path: '/edit', label: 'Edit information', needsEdit: true },
  { view: 'contacts', path: '/contacts', label: 'Contacts' },
  { view: 'attendance', path: '/attendance', label: 'Attendance' },
  { view: 'monitoring', path: '/monitoring', label: 'Monitoring history' },
];

export const profileHref = (studentId: string, path = '') => `/students/${studentId}${path}`;
