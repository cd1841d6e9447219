/** What the profile's pages receive: plain objects, names already formatted for the request's name style. */
import type { AttendanceSummary, CalendarMonth, SessionMark, TrendPoint } from '@/lib/attendance';
import type { MonitoringLozenge, MonitoringPeriodView, MonitoringOption } from '@/lib/monitoring/types';
import type { FormFieldRef } from '@/lib/settings/form-definition';

/** The profile's tabs, as the audit rows of a view name them. */
export type ProfileView =
  'overview' | 'incidents' | 'edit' | 'contacts' | 'attendance' | 'monitoring' | 'documents' | 'audit' | 'report';

export interface ProfileHeader {
  id: string;
  /** formatPupilName with the request's style (hide-names aware). */
  name: string;
  initials: string;
  tutorGroup: string | null;
  yearGroup: string | null;
  archived: { at: Date; reason: string } | null;
  /** Categories the pupil is monitored in now, among those the viewer may see. */
  monitoring: MonitoringLozenge[];
  /** The viewer may change Haven's information about this pupil ('student.edit'). */
  canEdit: boolean;
  /** The viewer may read who viewed and changed this pupil's record ('student.audit'). */
  canAudit: boolean;
  /** The viewer may open the pupil's Document vault ('student.documents'). */
  canDocuments: boolean;
  /** The viewer may run reports ('reports.run'): the Student report tab. */
  canReport: boolean;
}

export interface ProfilePage<T> {
  header: ProfileHeader;
  data: T;
}

export interface IncidentCharts {
  total: number;
  byCategory: { categoryId: string; name: string; colour: string; count: number }[];
  /** Incidents per month, oldest first (`YYYY-MM`). */
  overTime: { month: string; count: number }[];
}

export interface ProfileOverview {
  legalName: string;
  preferredName: string;
  dateOfBirth: string | null;
  age: number | null;
  gender: string | null;
  yearGroup: string | null;
  tutorGroup: string | null;
  upn: string | null;
  sen: { code: 'N' | 'K' | 'E'; label: string } | null;
  eal: boolean;
  pupilPremium: boolean;
  freeSchoolMeals: boolean;
  lookedAfter: boolean;
  medicalConditions: string[];
  ethnicity: string | null;
  religion: string | null;
  summary: string;
  keywords: string[];
  agencies: string[];
  /** The student form's custom fields that hold a value, labelled, in the form's order. */
  customFields: { label: string; value: string }[];
  incidents: IncidentCharts;
  /** Incidents with body-map markers, newest first. */
  bodyMap: BodyMapIncident[];
}

/** One visible incident's markers, for the overview's combined body map. */
export interface BodyMapIncident {
  incidentId: string;
  number: number;
  occurredAt: Date;
  markers: import('@/db/schema/incidents').MapMarker[];
}

export interface LinkedPupil {
  linkId: string;
  studentId: string;
  name: string;
  /** groupLabel: "7A · Year 7", or "No group". */
  group: string;
  relationship: string;
  source: 'mis' | 'manual';
  /** The viewer may open their profile. */
  canOpen: boolean;
}

export interface PupilLinks {
  mis: LinkedPupil[];
  manual: LinkedPupil[];
  /** Linked pupils the viewer may not see; only the count is told. */
  hidden: number;
}

export interface StaffOption {
  userId: string;
  displayName: string;
  groupName: string;
}

export interface LinkCandidate {
  studentId: string;
  name: string;
  group: string;
}

export interface ProfileEdit {
  /** `agencyIds` from the school's list, `otherAgencies` the free text for those not on it. */
  profile: {
    summary: string;
    keywords: string[];
    agencyIds: string[];
    otherAgencies: string[];
    /** Stored custom values by field id (a multiple choice is a list). */
    customValues: Record<string, unknown>;
    version: number;
  };
  /** The school's student form ("Edit information"), deleted custom fields left out. */
  form: FormFieldRef<'student'>[];
  /** The enabled agencies, and disabled ones the pupil's profile already names. */
  agencyOptions: { id: string; name: string }[];
  alertStaff: StaffOption[];
  /** Active members not yet alerted, for the "add" picker. */
  staffCandidates: StaffOption[];
  links: PupilLinks;
  /** Pupils matching the link search, when one was made. */
  linkCandidates: LinkCandidate[] | null;
  monitoring: MonitoringOption[];
  /** The school's today, the default start date for monitoring. */
  today: string;
}

/** A contact's details as the MIS extract gives them and the Contacts tab shows them. */
export interface ContactDetails {
  title: string | null;
  forename: string;
  surname: string;
  relationship: string | null;
  priority: number | null;
  parentalResponsibility: boolean;
  livesWithStudent: boolean;
  phone: string | null;
  mobile: string | null;
  email: string | null;
  address: string | null;
}

export interface ContactView extends ContactDetails {
  id: string;
  source: 'mis' | 'manual';
  organisation: string | null;
  note: string | null;
}

export interface ProfileContacts {
  mis: ContactView[];
  manual: ContactView[];
}

export interface ProfileAttendance {
  /** The first day of this academic year by the school's calendar (lib/calendar). */
  yearStart: string;
  /** Its name ("2026/27"), as the calendar has it. */
  yearName: string;
  /** The last day shown: today in this year; an earlier year's last day (or a later summer mark of it). */
  yearEnd: string;
  /** Whether the year shown is this academic year (only then is there a trend). */
  current: boolean;
  /** The years the picker offers, newest first: this one and every earlier one with marks. */
  years: { startsOn: string; name: string }[];
  today: string;
  year: AttendanceSummary;
  trend: TrendPoint[];
  calendar: CalendarMonth[];
  codes: SessionMark[];
  /** No mark at all in the year shown: the page says so instead of drawing an empty calendar. */
  empty: boolean;
}

export interface ProfileMonitoringHistory {
  periods: MonitoringPeriodView[];
  today: string;
}

/** The Audit tab (audit-report.ts). */
export type AuditFilterField = 'person' | 'from' | 'to';

export interface AuditEventView {
  id: string;
  at: Date;
  who: string;
  /** A sentence: "Viewed the Attendance tab", "Added incident #12". */
  what: string;
  /** The record the event is about, when the reader may open it. */
  href: string | null;
  ip: string | null;
}

export interface ProfileAudit {
  events: AuditEventView[];
  /** The people who appear in the rows this reader may see, for the person filter. */
  people: { userId: string; name: string }[];
  /** What was typed, kept whether or not it was valid. */
  values: Record<AuditFilterField, string>;
  fieldErrors: Partial<Record<AuditFilterField, string[]>>;
  /** The last row shown, when there are older ones. */
  nextBefore: string | null;
  /** This page continues from an earlier one. */
  paged: boolean;
}

/** A pupil event as another listing shows it: the sentence, and the pupil when the reader may audit them. */
export interface PupilEventView {
  what: string;
  /** The record the event is about (the incident, else the pupil), when the reader may open it. */
  href: string | null;
  pupilName: string;
}

/** The Incidents tab (lib/incidents/queries.ts IncidentView). */
export interface ProfileIncidents {
  incidents: import('@/lib/incidents/queries').IncidentView[];
  /** All the incidents of the pupil this person may see (`incidents` may be the newest part). */
  total: number;
}
