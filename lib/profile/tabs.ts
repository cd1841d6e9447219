/**
 * Reads of a pupil's profile, one function per tab. Each one: the person's
 * access subject, the pupil found and decided on ('student.view') inside one
 * transaction, the header and the tab's data read there, and an audit row
 * saying who opened which part of the record, from where. Names are formatted
 * here with the request's style (hide-names aware), so raw names never reach
 * a page.
 */
import 'server-only';
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import {
  attendanceMarks,
  memberships,
  studentAlertStaff,
  studentContacts,
  studentLinks,
  studentProfiles,
  students,
  userGroups,
  users,
} from '@/db/schema';
import { accessSubjectOf, can, type AccessSubject } from '@/lib/access';
import { contactColumns, contactOrder } from '@/lib/students/contact-columns';
import { customFieldRows } from '@/lib/settings/custom-values';
import { customFieldsOf, shownFields } from '@/lib/settings/form-definition';
import {
  addDays,
  ageOn,
  attendanceTrend,
  buildAttendanceCalendar,
  codesInCalendar,
  summariseAttendance,
} from '@/lib/attendance';
import { academicYearOn, academicYearsOf, calendarYears } from '@/lib/calendar';
import { currentMonitoring, monitoringHistory, monitoringOptions } from '@/lib/monitoring/queries';
import { NotFoundError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time/school-date';
import {
  archivedReasonLabel,
  findPupilFor,
  pupilColumns,
  studentResource,
  type PupilBase,
} from '@/lib/students/access';
import { agenciesShown, enabledAgencies } from '@/lib/agencies/read';
import { recordStudentEvent } from '@/lib/students/audit';
import { listVaultDocuments, type VaultList } from '@/lib/vault/queries';
import { requireReports, studentReportInTx, type StudentReport } from '@/lib/reports';
import { auditReportFor } from './audit-report';
import { bodyMapFor } from './body-map';
import { groupLabel } from '@/lib/students/group-label';
import { incidentChartsFor } from './incident-charts';
import { CHRONOLOGY_PAGE, chronologyFor } from '@/lib/incidents/queries';
import { pupilNameColumns } from '@/lib/students/name-columns';
import { formatPupilName, pupilInitials, type NameStyle } from '@/lib/students/names';
import { foldForSearch, searchTerms } from '@/lib/students/search-key';
import { SEN_LABELS } from '@/lib/students/sen';
import { likeEscape, visibleStudents } from '@/lib/students/visible';
import { membershipGroup } from '@/lib/users/membership-group';
import type {
  ContactView,
  LinkCandidate,
  LinkedPupil,
  ProfileAttendance,
  ProfileAudit,
  ProfileContacts,
  ProfileEdit,
  ProfileHeader,
  ProfileIncidents,
  ProfileMonitoringHistory,
  ProfileOverview,
  ProfilePage,
  ProfileView,
  PupilLinks,
  StaffOption,
} from './types';

async function header(tx: Tx, subject: AccessSubject, pupil: PupilBase, style: NameStyle): Promise<ProfileHeader> {
  return {
    id: pupil.id,
    name: formatPupilName(pupil, style),
    initials: pupilInitials(pupil, style),
    tutorGroup: pupil.tutorGroup,
    yearGroup: pupil.yearGroup,
    archived: pupil.archivedAt ? { at: pupil.archivedAt, reason: archivedReasonLabel(pupil.archivedReason) } : null,
    monitoring: await currentMonitoring(tx, subject, pupil.id),
    canEdit: can(subject, 'student.edit', studentResource(pupil)),
    canAudit: can(subject, 'student.audit', studentResource(pupil)),
    canDocuments: can(subject, 'student.documents', studentResource(pupil)),
    canReport: can(subject, 'reports.run'),
  };
}

async function readProfile<T>(
  ctx: UserCtx,
  rawId: string,
  view: ProfileView,
  style: NameStyle,
  load: (tx: Tx, pupil: PupilBase, subject: AccessSubject) => Promise<T>,
): Promise<ProfilePage<T>> {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, rawId, 'student.view');
    const head = await header(tx, subject, pupil, style);
    const data = await load(tx, pupil, subject);
    await recordStudentEvent(tx, ctx, {
      action: 'student.viewed',
      studentId: pupil.id,
      details: { view },
      at: subject.now,
    });
    return { header: head, data };
  });
}

/**
 * The Student report tab: whether the person may run reports is asked first
 * (as the report's downloads ask it), then the pupil is decided on as on
 * every tab, and lib/reports counts or lists their incidents in the same
 * transaction, auditing the run.
 */
export function getProfileReport(
  ctx: UserCtx,
  rawId: string,
  style: NameStyle,
  query: Record<string, string | string[] | undefined>,
): Promise<ProfilePage<StudentReport>> {
  requireReports(ctx);
  return readProfile(ctx, rawId, 'report', style, (tx, pupil, subject) =>
    studentReportInTx(tx, ctx, subject, pupil, query, style),
  );
}

async function profileRow(tx: Tx, studentId: string) {
  const rows = await tx
    .select({
      summary: studentProfiles.summary,
      keywords: studentProfiles.keywords,
      agencies: agenciesShown(studentProfiles.schoolId, studentProfiles.agencyIds, studentProfiles.agencies),
      agencyIds: studentProfiles.agencyIds,
      otherAgencies: studentProfiles.agencies,
      customFields: studentProfiles.customFields,
      version: studentProfiles.version,
    })
    .from(studentProfiles)
    .where(eq(studentProfiles.studentId, studentId))
    .limit(1);
  return (
    rows[0] ?? {
      summary: '',
      keywords: [],
      agencies: [],
      agencyIds: [],
      otherAgencies: [],
      customFields: {},
      version: 0,
    }
  );
}

export async function getProfileOverview(
  ctx: UserCtx,
  rawId: string,
  style: NameStyle,
): Promise<ProfilePage<ProfileOverview>> {
  return readProfile(ctx, rawId, 'overview', style, async (tx, pupil, subject) => {
    const [s] = await tx
      .select({
        dateOfBirth: students.dateOfBirth,
        gender: students.gender,
        upn: students.upn,
        senStatus: students.senStatus,
        eal: students.eal,
        pupilPremium: students.pupilPremium,
        freeSchoolMeals: students.freeSchoolMeals,
        lookedAfter: students.lookedAfter,
        medicalConditions: students.medicalConditions,
        ethnicity: students.ethnicity,
        religion: students.religion,
      })
      .from(students)
      .where(and(eq(students.schoolId, ctx.school.id), eq(students.id, pupil.id)));
    if (!s) throw new Error('pupil vanished inside its own transaction');
    const profile = await profileRow(tx, pupil.id);
    const today = dateInZone(ctx.school.timeZone, subject.now);
    return {
      legalName: formatPupilName(pupil, { ...style, source: 'legal' }),
      preferredName: formatPupilName(pupil, { ...style, source: 'preferred' }),
      // Hide-names mode hides the birthday too: with a group it would single the pupil out.
      dateOfBirth: style.hidden ? null : s.dateOfBirth,
      age: ageOn(s.dateOfBirth, today),
      gender: s.gender,
      yearGroup: pupil.yearGroup,
      tutorGroup: pupil.tutorGroup,
      upn: style.hidden ? null : s.upn,
      sen: s.senStatus ? { code: s.senStatus, label: SEN_LABELS[s.senStatus] } : null,
      eal: s.eal,
      pupilPremium: s.pupilPremium,
      freeSchoolMeals: s.freeSchoolMeals,
      lookedAfter: s.lookedAfter,
      medicalConditions: s.medicalConditions,
      ethnicity: s.ethnicity,
      religion: s.religion,
      summary: profile.summary,
      keywords: profile.keywords,
      agencies: profile.agencies,
      // Labelled by the student form, deleted fields included; a value no field names is not shown.
      customFields: customFieldRows(profile.customFields, customFieldsOf(ctx.school.settings.studentForm)).map(
        ([label, value]) => ({ label, value }),
      ),
      incidents: await incidentChartsFor(tx, subject, pupil.id, ctx.school.timeZone),
      bodyMap: await bodyMapFor(tx, subject, pupil.id),
    };
  });
}

/** The pupil's live links whose other pupil the viewer may list; the rest only counted. */
async function pupilLinks(tx: Tx, subject: AccessSubject, studentId: string, style: NameStyle): Promise<PupilLinks> {
  const visible = visibleStudents(subject);
  const rows = await tx
    .select({
      linkId: studentLinks.id,
      source: studentLinks.source,
      relationship: studentLinks.relationship,
      ...pupilColumns,
      visible: sql<boolean>`${visible}`,
    })
    .from(studentLinks)
    .innerJoin(
      students,
      and(eq(students.schoolId, studentLinks.schoolId), eq(students.id, studentLinks.linkedStudentId)),
    )
    .where(
      and(
        eq(studentLinks.schoolId, subject.schoolId),
        eq(studentLinks.studentId, studentId),
        isNull(studentLinks.removedAt),
      ),
    )
    .orderBy(asc(students.preferredSurname), asc(students.preferredForename));
  const out: PupilLinks = { mis: [], manual: [], hidden: 0 };
  for (const r of rows) {
    if (!r.visible) {
      out.hidden += 1;
      continue;
    }
    const link: LinkedPupil = {
      linkId: r.linkId,
      studentId: r.id,
      name: formatPupilName(r, style),
      group: groupLabel(r),
      relationship: r.relationship,
      source: r.source,
      canOpen: can(subject, 'student.view', studentResource(r)),
    };
    out[r.source].push(link);
  }
  return out;
}

async function alertStaff(
  tx: Tx,
  schoolId: string,
  studentId: string,
): Promise<{ chosen: StaffOption[]; candidates: StaffOption[] }> {
  const members = await tx
    .select({
      userId: users.id,
      displayName: users.displayName,
      groupName: userGroups.name,
      chosen: studentAlertStaff.id,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(userGroups, membershipGroup)
    .leftJoin(
      studentAlertStaff,
      and(
        eq(studentAlertStaff.schoolId, memberships.schoolId),
        eq(studentAlertStaff.studentId, studentId),
        eq(studentAlertStaff.userId, memberships.userId),
        isNull(studentAlertStaff.removedAt),
      ),
    )
    .where(and(eq(memberships.schoolId, schoolId), eq(memberships.status, 'active')))
    .orderBy(asc(sql`lower(${users.displayName})`));
  const strip = ({ userId, displayName, groupName }: (typeof members)[number]) => ({ userId, displayName, groupName });
  return {
    chosen: members.filter((m) => m.chosen).map(strip),
    candidates: members.filter((m) => !m.chosen).map(strip),
  };
}

/** Pupils the viewer may list whose names match `query`, for a manual link (never the pupil themselves). */
async function linkCandidates(
  tx: Tx,
  subject: AccessSubject,
  studentId: string,
  query: string,
  style: NameStyle,
): Promise<LinkCandidate[]> {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const rows = await tx
    .select({
      studentId: students.id,
      ...pupilNameColumns,
      tutorGroup: students.tutorGroup,
      yearGroup: students.yearGroup,
    })
    .from(students)
    .where(
      and(
        visibleStudents(subject),
        ne(students.id, studentId),
        ...terms.map((t) => sql`${students.searchKey} like ${`%${likeEscape(t)}%`}`),
      ),
    )
    .orderBy(asc(students.preferredSurname), asc(students.preferredForename))
    .limit(20);
  return rows.map((r) => ({ studentId: r.studentId, name: formatPupilName(r, style), group: groupLabel(r) }));
}

export async function getProfileEdit(
  ctx: UserCtx,
  rawId: string,
  style: NameStyle,
  opts: { linkQuery?: string } = {},
): Promise<ProfilePage<ProfileEdit>> {
  return readProfile(ctx, rawId, 'edit', style, async (tx, pupil, subject) => {
    // The edit tab is for those who may edit; a viewer who may not is shown the
    // read-only tabs (same answer as a pupil they cannot reach at all).
    if (!can(subject, 'student.edit', studentResource(pupil))) throw new NotFoundError('pupil');
    const { agencies: _shown, customFields, ...profile } = await profileRow(tx, pupil.id);
    const staff = await alertStaff(tx, ctx.school.id, pupil.id);
    const q = opts.linkQuery?.trim() ?? '';
    return {
      profile: { ...profile, customValues: customFields },
      form: shownFields(ctx.school.settings.studentForm),
      agencyOptions: await enabledAgencies(tx, ctx.school.id, profile.agencyIds),
      alertStaff: staff.chosen,
      staffCandidates: staff.candidates,
      links: await pupilLinks(tx, subject, pupil.id, style),
      linkCandidates: q && foldForSearch(q) ? await linkCandidates(tx, subject, pupil.id, q, style) : null,
      monitoring: await monitoringOptions(tx, subject, pupil.id),
      today: dateInZone(ctx.school.timeZone, subject.now),
    };
  });
}

export async function getProfileContacts(
  ctx: UserCtx,
  rawId: string,
  style: NameStyle,
): Promise<ProfilePage<ProfileContacts>> {
  return readProfile(ctx, rawId, 'contacts', style, async (tx, pupil) => {
    const rows: ContactView[] = await tx
      .select({
        id: studentContacts.id,
        source: studentContacts.source,
        ...contactColumns,
        note: studentContacts.note,
      })
      .from(studentContacts)
      .where(
        and(
          eq(studentContacts.schoolId, ctx.school.id),
          eq(studentContacts.studentId, pupil.id),
          isNull(studentContacts.removedAt),
        ),
      )
      .orderBy(...contactOrder);
    return {
      mis: rows.filter((r) => r.source === 'mis'),
      manual: rows.filter((r) => r.source === 'manual'),
    };
  });
}

/**
 * The Attendance tab for one academic year: this one by default, or an
 * earlier one the school holds marks for (`year` is that year's first day, as
 * the year picker links it; anything else shows this year).
 */
export async function getProfileAttendance(
  ctx: UserCtx,
  rawId: string,
  style: NameStyle,
  opts: { year?: string } = {},
): Promise<ProfilePage<ProfileAttendance>> {
  return readProfile(ctx, rawId, 'attendance', style, async (tx, pupil, subject) => {
    const today = dateInZone(ctx.school.timeZone, subject.now);
    const own = eq(attendanceMarks.studentId, pupil.id);
    const school = eq(attendanceMarks.schoolId, ctx.school.id);
    // The years come from the school's calendar (or the England default): the one rule.
    const calendarOfSchool = await calendarYears(tx, ctx.school.id);
    const thisYear = academicYearOn(calendarOfSchool, today);
    const markedDays = await tx
      .selectDistinct({ date: attendanceMarks.date })
      .from(attendanceMarks)
      .where(and(school, own, sql`${attendanceMarks.date} <= ${today}`));
    const years = academicYearsOf(calendarOfSchool, [today, ...markedDays.map((d) => d.date)]);
    const chosen = years.find((y) => y.startsOn === opts.year && y.startsOn <= today) ?? thisYear;
    const current = chosen.startsOn === thisYear.startsOn;
    const yearStart = chosen.startsOn;
    // An earlier year runs to its last day, or to a mark in the summer after it that still belongs to it.
    const lastMarked = markedDays
      .map((d) => d.date)
      .filter((d) => academicYearOn(calendarOfSchool, d).startsOn === yearStart)
      .sort()
      .at(-1);
    const yearEnd = current ? today : [chosen.endsOn, lastMarked ?? chosen.endsOn].sort().at(-1)!;
    // This year's trend's longest window may reach back into last school year.
    const longest = current ? Math.max(0, ...ctx.school.settings.attendanceTrendDays) : 0;
    const from = [yearStart, addDays(today, -(longest - 1))].sort()[0]!;
    const marks = await tx
      .select({ date: attendanceMarks.date, session: attendanceMarks.session, code: attendanceMarks.code })
      .from(attendanceMarks)
      .where(and(school, own, sql`${attendanceMarks.date} between ${current ? from : yearStart} and ${yearEnd}`))
      .orderBy(asc(attendanceMarks.date), asc(attendanceMarks.session));
    const year = summariseAttendance(marks, { from: yearStart, to: yearEnd });
    // An earlier year's calendar stops at its last mark: no empty summer weeks.
    const calendar = buildAttendanceCalendar(marks, yearStart, current ? yearEnd : (lastMarked ?? yearEnd));
    return {
      yearStart,
      yearName: chosen.name,
      yearEnd,
      current,
      years: years.map((y) => ({ startsOn: y.startsOn, name: y.name })),
      today,
      year,
      trend: current ? attendanceTrend(marks, today, ctx.school.settings.attendanceTrendDays, year.percentage) : [],
      calendar,
      codes: codesInCalendar(calendar),
      empty: !marks.some((m) => m.date >= yearStart && m.date <= yearEnd),
    };
  });
}

export async function getProfileMonitoringHistory(
  ctx: UserCtx,
  rawId: string,
  style: NameStyle,
): Promise<ProfilePage<ProfileMonitoringHistory>> {
  return readProfile(ctx, rawId, 'monitoring', style, async (tx, pupil, subject) => ({
    periods: await monitoringHistory(tx, subject, pupil.id),
    today: dateInZone(ctx.school.timeZone, subject.now),
  }));
}

/** The Incidents tab: the pupil's chronology as this person may see it (lib/incidents decides each incident). */
/** The Incidents tab: the first `show` incidents of the chronology (and up to `highlight`), see chronologyFor. */
export async function getProfileIncidents(
  ctx: UserCtx,
  rawId: string,
  style: NameStyle,
  range: { show: number; highlight?: string } = { show: CHRONOLOGY_PAGE },
): Promise<ProfilePage<ProfileIncidents>> {
  return readProfile(ctx, rawId, 'incidents', style, async (tx, pupil, subject) => {
    const chronology = await chronologyFor(tx, ctx, subject, pupil.id, style, range);
    return { incidents: chronology.incidents, total: chronology.total };
  });
}

/**
 * The Audit tab: who viewed and changed this pupil's record (audit-report.ts).
 * Only for those the engine allows 'student.audit'; anyone else who may open
 * the pupil gets the same "not found" as for a pupil out of reach, as on the
 * edit tab. Reading it is itself recorded, like every tab.
 */
export async function getProfileAudit(
  ctx: UserCtx,
  rawId: string,
  style: NameStyle,
  query: Record<string, string | undefined> = {},
): Promise<ProfilePage<ProfileAudit>> {
  return readProfile(ctx, rawId, 'audit', style, async (tx, pupil, subject) => {
    if (!can(subject, 'student.audit', studentResource(pupil))) throw new NotFoundError('pupil');
    return auditReportFor(tx, ctx, subject, pupil, query, style);
  });
}

/**
 * The Document vault tab: for those whose group reaches the pupil's files
 * ('student.documents'); to anyone else the tab does not exist (404).
 */
export async function getProfileDocuments(
  ctx: UserCtx,
  rawId: string,
  style: NameStyle,
): Promise<ProfilePage<VaultList>> {
  return readProfile(ctx, rawId, 'documents', style, async (tx, pupil, subject) => {
    if (!can(subject, 'student.documents', studentResource(pupil))) throw new NotFoundError('pupil');
    return listVaultDocuments(tx, ctx, subject, pupil);
  });
}
