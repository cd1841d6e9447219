/**
 * The isolation harness. `seedTwoSchools` makes schools A and B with a row in
 * every tenant table, each text field carrying its school's unique marker;
 * `expectNoLeak` asserts that nothing a function returned for A (rows, HTML,
 * file bytes) contains B's marker. Later features add their tables to the
 * fixture and their surfaces to tests/integration/isolation.test.ts; the guard
 * test fails if a tenant table is missing from the fixture.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { privileged } from '@/db/privileged';
import {
  academicYears,
  actionVersions,
  agencies,
  alertGroupMembers,
  alertGroups,
  alertRules,
  alerts,
  attendanceMarks,
  auditLog,
  documentAlerts,
  documents,
  libraryDocuments,
  libraryReadReceipts,
  categories,
  classRestrictionMembers,
  formSubmissions,
  importRowErrors,
  incidentActions,
  incidentCategories,
  incidents,
  incidentVersions,
  importRuns,
  jobRuns,
  memberships,
  misStaff,
  monitoringPeriods,
  outbox,
  plannerEventPupils,
  plannerEvents,
  plannerEventShares,
  plannerReminders,
  supportRequests,
  integrationConcerns,
  integrations,
  savedReports,
  schoolBuiltinMaps,
  schoolCounters,
  schoolFiles,
  schoolMaps,
  schools,
  schoolSwitchCodes,
  sessions,
  studentAlertStaff,
  studentContacts,
  studentLinks,
  studentProfiles,
  students,
  userGroupCategoryPermissions,
  userGroups,
  users,
} from '@/db/schema';

export interface FixtureSchool {
  id: string;
  slug: string;
  marker: string;
  userId: string;
  groupId: string;
}

/** Tables the fixture fills; the guard test compares this with the catalog. */
export const FIXTURE_TABLES = [
  'academic_years',
  'action_versions',
  'agencies',
  'alert_group_members',
  'alert_groups',
  'alert_rules',
  'alerts',
  'attendance_marks',
  'audit_log',
  'categories',
  'class_restriction_members',
  'document_alerts',
  'documents',
  'form_submissions',
  'import_row_errors',
  'import_runs',
  'incident_actions',
  'incident_categories',
  'incident_versions',
  'incidents',
  'integration_concerns',
  'integrations',
  'job_runs',
  'library_documents',
  'library_read_receipts',
  'memberships',
  'mis_staff',
  'monitoring_periods',
  'outbox',
  'planner_event_pupils',
  'planner_event_shares',
  'planner_events',
  'planner_reminders',
  'saved_reports',
  'school_builtin_maps',
  'school_counters',
  'school_files',
  'school_maps',
  'school_switch_codes',
  'sessions',
  'student_alert_staff',
  'student_contacts',
  'student_links',
  'student_profiles',
  'students',
  'support_requests',
  'user_group_category_permissions',
  'user_groups',
];

async function seedSchool(label: 'a' | 'b'): Promise<FixtureSchool> {
  const marker = `MARKER_${label.toUpperCase()}_${randomUUID().slice(0, 8)}`;
  const s: FixtureSchool = {
    id: randomUUID(),
    slug: `iso-${label}-${marker.slice(-8).toLowerCase()}`,
    marker,
    userId: randomUUID(),
    groupId: randomUUID(),
  };
  await privileged('school-setup', `isolation fixture ${label}`, async (tx) => {
    await tx.insert(schools).values({ id: s.id, slug: s.slug, name: `School ${marker}`, trustName: `Trust ${marker}` });
    await tx
      .insert(users)
      .values({ id: s.userId, email: `${marker.toLowerCase()}@example.org`, displayName: `User ${marker}` });
    await tx
      .insert(userGroups)
      .values({ id: s.groupId, schoolId: s.id, name: `Group ${marker}`, description: marker, permissions: [marker] });
    await tx.insert(memberships).values({
      id: randomUUID(),
      schoolId: s.id,
      userId: s.userId,
      userGroupId: s.groupId,
      alertEmail: `${marker.toLowerCase()}@example.org`,
      misStaffId: marker,
    });
    await tx.insert(auditLog).values({
      id: randomUUID(),
      schoolId: s.id,
      actorUserId: s.userId,
      actorLabel: marker,
      action: `test.${marker}`,
      details: { marker },
    });
    await tx.insert(outbox).values({
      id: randomUUID(),
      schoolId: s.id,
      toAddress: `${marker.toLowerCase()}@example.org`,
      subject: marker,
      bodyText: marker,
    });
    await tx.insert(sessions).values({
      id: randomUUID(),
      schoolId: s.id,
      userId: s.userId,
      tokenHash: `hash-${marker}`,
      expiresAt: new Date(Date.now() + 3_600_000),
      userAgent: marker,
      ip: marker,
    });
    await tx.insert(schoolSwitchCodes).values({
      id: randomUUID(),
      schoolId: s.id,
      codeHash: `code-${marker}`,
      userId: s.userId,
      nextPath: `/${marker.toLowerCase()}`,
      expiresAt: new Date(Date.now() + 30_000),
    });
    const alertGroupId = randomUUID();
    await tx.insert(alertGroups).values({ id: alertGroupId, schoolId: s.id, name: `Alert group ${marker}` });
    await tx.insert(alertGroupMembers).values({ id: randomUUID(), schoolId: s.id, alertGroupId, userId: s.userId });
    const categoryId = randomUUID();
    await tx
      .insert(categories)
      .values({ id: categoryId, schoolId: s.id, name: `Category ${marker}`, colour: '#0f766e' });
    await tx.insert(userGroupCategoryPermissions).values({
      schoolId: s.id,
      userGroupId: s.groupId,
      categoryId,
      viewStudents: true,
      viewIncidents: true,
      addIncidents: true,
    });
    await tx
      .insert(classRestrictionMembers)
      .values({ id: randomUUID(), schoolId: s.id, groupKind: 'tutor', groupName: `Group ${marker}`, userId: s.userId });
    await tx.insert(jobRuns).values({
      id: randomUUID(),
      schoolId: s.id,
      job: `job-${marker}`,
      trigger: 'test',
      status: 'succeeded',
      summary: { marker },
    });
    const studentId = randomUUID();
    const siblingId = randomUUID();
    const pupil = (id: string, misId: string) => ({
      id,
      schoolId: s.id,
      misId,
      legalForename: `Pupil ${marker}`,
      legalSurname: marker,
      preferredForename: `Pupil ${marker}`,
      preferredSurname: marker,
      dateOfBirth: '2013-03-14',
      yearGroup: `Year ${marker}`,
      tutorGroup: `Tutor ${marker}`,
      startDate: '2024-09-04',
      searchKey: marker.toLowerCase(),
      misRowHash: marker,
    });
    await tx.insert(students).values([pupil(studentId, `S-${marker}`), pupil(siblingId, `T-${marker}`)]);
    await tx.insert(studentProfiles).values({
      schoolId: s.id,
      studentId,
      summary: marker,
      keywords: [marker],
      agencies: [marker],
      keywordKey: marker.toLowerCase(),
    });
    await tx.insert(studentLinks).values({
      id: randomUUID(),
      schoolId: s.id,
      studentId,
      linkedStudentId: siblingId,
      source: 'manual',
      relationship: marker,
    });
    await tx.insert(studentContacts).values({
      id: randomUUID(),
      schoolId: s.id,
      studentId,
      source: 'manual',
      forename: marker,
      surname: marker,
      note: marker,
    });
    await tx
      .insert(attendanceMarks)
      .values({ schoolId: s.id, studentId, date: '2025-11-03', session: 'AM', code: '/' });
    await tx.insert(monitoringPeriods).values({
      id: randomUUID(),
      schoolId: s.id,
      studentId,
      categoryId,
      startedOn: '2025-11-03',
      startedVia: 'profile',
      startedBy: s.userId,
    });
    await tx.insert(studentAlertStaff).values({ id: randomUUID(), schoolId: s.id, studentId, userId: s.userId });
    await tx.insert(misStaff).values({
      id: randomUUID(),
      schoolId: s.id,
      misId: marker,
      forename: marker,
      surname: marker,
      email: `${marker.toLowerCase()}@example.org`,
      misRowHash: marker,
    });
    await tx.insert(schoolCounters).values({ schoolId: s.id, name: `counter-${marker}`, value: 7 });
    const incidentId = randomUUID();
    await tx.insert(incidents).values({
      id: incidentId,
      schoolId: s.id,
      number: 1,
      recordId: randomUUID(),
      studentId,
      role: 'subject',
      text: `Incident ${marker}`,
      occurredAt: new Date(),
      agencies: [marker],
      authorId: s.userId,
    });
    await tx
      .insert(incidentVersions)
      .values({ schoolId: s.id, incidentId, version: 1, snapshot: { text: marker }, savedBy: s.userId });
    const actionId = randomUUID();
    await tx.insert(incidentActions).values({
      id: actionId,
      schoolId: s.id,
      incidentId,
      text: `Action ${marker}`,
      occurredAt: new Date(),
      authorId: s.userId,
    });
    await tx
      .insert(actionVersions)
      .values({ schoolId: s.id, actionId, version: 1, snapshot: { text: marker }, savedBy: s.userId });
    await tx.insert(incidentCategories).values({ schoolId: s.id, incidentId, categoryId });
    await tx
      .insert(alerts)
      .values({ id: randomUUID(), schoolId: s.id, userId: s.userId, incidentId, reason: 'chosen' });
    await tx.insert(agencies).values({ id: randomUUID(), schoolId: s.id, name: `Agency ${marker}` });
    await tx.insert(alertRules).values({
      id: randomUUID(),
      schoolId: s.id,
      userId: s.userId,
      kind: 'tutor_group',
      groupName: `Tutor ${marker}`,
    });
    const runId = randomUUID();
    await tx.insert(importRuns).values({
      id: runId,
      schoolId: s.id,
      source: 'command',
      sourceName: marker,
      status: 'failed',
      failureReason: marker,
    });
    await tx.insert(importRowErrors).values({
      id: randomUUID(),
      schoolId: s.id,
      runId,
      severity: 'error',
      file: 'students.csv',
      line: 2,
      column: 'mis_id',
      reason: marker,
    });
    await tx.insert(formSubmissions).values({
      schoolId: s.id,
      userId: s.userId,
      key: randomUUID(),
      form: 'incident.add',
      inputHash: marker,
      result: { marker },
    });
    await tx.insert(schoolMaps).values({
      schoolId: s.id,
      id: randomUUID(),
      title: `Map ${marker}`,
      contentType: 'image/png',
      width: 10,
      height: 10,
      byteSize: 100,
      storageKey: `schools/${s.id}/maps/${marker}`,
      iv: marker,
      tag: marker,
      wrappedKey: marker,
      keyProvider: 'local',
      sortOrder: 1,
    });
    await tx.insert(schoolBuiltinMaps).values({ schoolId: s.id, mapId: 'body-back', enabled: false });
    await tx.insert(schoolFiles).values({
      schoolId: s.id,
      id: randomUUID(),
      purpose: 'logo',
      contentType: 'image/png',
      byteSize: 1,
      storageKey: `schools/${s.id}/files/${marker}`,
      iv: marker,
      tag: marker,
      wrappedKey: marker,
      keyProvider: 'local',
    });
    const documentId = randomUUID();
    const documentRow: typeof documents.$inferInsert = {
      schoolId: s.id,
      id: documentId,
      studentId,
      source: 'vault',
      originalName: `Letter ${marker}.pdf`,
      byteSize: 1,
      contentType: 'application/pdf',
      extension: 'pdf',
      storageKey: `documents/${s.id}/${marker}`,
      cipherVersion: 1,
      chunkBytes: 65536,
      wrappedKey: marker,
      keyProvider: 'local',
      uploadedBy: s.userId,
      deletedAt: new Date(),
      deletedBy: s.userId,
      deletedReason: marker,
    };
    // A deleted vault upload, files of the incident and of its action, and a pending upload of the form.
    await tx.insert(documents).values([
      documentRow,
      { ...documentRow, id: randomUUID(), source: 'incident', incidentId, originalName: `Minutes ${marker}.pdf` },
      {
        ...documentRow,
        id: randomUUID(),
        source: 'action',
        incidentId,
        actionId,
        originalName: `Action ${marker}.pdf`,
      },
      {
        ...documentRow,
        id: randomUUID(),
        source: 'pending',
        studentId: null,
        originalName: `Pending ${marker}.pdf`,
        deletedAt: null,
        deletedBy: null,
        deletedReason: null,
      },
    ]);
    await tx.insert(documentAlerts).values({
      schoolId: s.id,
      id: randomUUID(),
      userId: s.userId,
      documentId,
      raisedBy: s.userId,
    });
    const libraryDocumentId = randomUUID();
    await tx.insert(libraryDocuments).values({
      schoolId: s.id,
      id: libraryDocumentId,
      originalName: `Policy ${marker}.pdf`,
      byteSize: 1,
      contentType: 'application/pdf',
      extension: 'pdf',
      storageKey: `library/${s.id}/${marker}`,
      cipherVersion: 1,
      chunkBytes: 65536,
      wrappedKey: marker,
      keyProvider: 'local',
      uploadedBy: s.userId,
      deletedAt: new Date(),
      deletedBy: s.userId,
      deletedReason: marker,
    });
    await tx.insert(libraryReadReceipts).values({
      schoolId: s.id,
      id: randomUUID(),
      documentId: libraryDocumentId,
      userId: s.userId,
      alertedBy: s.userId,
      alertedAt: new Date(),
      requireAction: true,
    });
    const plannerEventId = randomUUID();
    await tx.insert(plannerEvents).values({
      schoolId: s.id,
      id: plannerEventId,
      title: `Review ${marker}`,
      notes: `Notes ${marker}`,
      startsAt: new Date('2026-03-30T08:00:00Z'),
      endsAt: new Date('2026-03-30T09:00:00Z'),
      createdBy: s.userId,
      incidentId,
      reminderKind: 'at',
      reminderAt: new Date('2026-03-29T08:00:00Z'),
    });
    await tx
      .insert(plannerEventShares)
      .values({ schoolId: s.id, id: randomUUID(), eventId: plannerEventId, userId: s.userId });
    await tx
      .insert(plannerEventPupils)
      .values({ schoolId: s.id, id: randomUUID(), eventId: plannerEventId, studentId });
    await tx.insert(plannerReminders).values({
      schoolId: s.id,
      id: randomUUID(),
      eventId: plannerEventId,
      userId: s.userId,
      dueAt: new Date('2026-03-29T08:00:00Z'),
    });
    await tx.insert(savedReports).values({
      schoolId: s.id,
      id: randomUUID(),
      ownerId: s.userId,
      title: `Report ${marker}`,
      definition: { version: 1, marker },
      published: true,
    });
    await tx.insert(supportRequests).values({
      schoolId: s.id,
      id: randomUUID(),
      number: 1,
      requesterUserId: s.userId,
      subject: `Help ${marker}`,
      phone: marker,
      message: `Message ${marker}`,
      status: 'answered',
      answer: `Answer ${marker}`,
      answeredAt: new Date(),
    });
    const integrationId = randomUUID();
    await tx.insert(integrations).values({
      schoolId: s.id,
      id: integrationId,
      name: `Product ${marker}`,
      categoryId,
      alertUserIds: [s.userId],
      tokenId: randomUUID().replace(/-/g, '').slice(0, 16),
      tokenHash: `hash-${marker}`,
      createdBy: s.userId,
    });
    await tx
      .insert(integrationConcerns)
      .values({ schoolId: s.id, integrationId, reference: `Ref ${marker}`, incidentId });
    await tx.insert(academicYears).values({
      schoolId: s.id,
      id: randomUUID(),
      name: `Year ${marker}`,
      startsOn: '2025-09-01',
      endsOn: '2026-08-31',
      terms: [{ name: `Term ${marker}`, startsOn: '2025-09-01', endsOn: '2025-12-19' }],
      closures: [{ startsOn: '2025-10-20', endsOn: '2025-10-20', name: `Closed ${marker}` }],
    });
  });
  return s;
}

export async function seedTwoSchools(): Promise<{ a: FixtureSchool; b: FixtureSchool }> {
  return { a: await seedSchool('a'), b: await seedSchool('b') };
}

/** Fails if anything in `value` (rows, HTML, bytes) mentions the other school's marker. */
export function expectNoLeak(value: unknown, other: FixtureSchool): void {
  const text =
    typeof value === 'string'
      ? value
      : value instanceof Uint8Array
        ? Buffer.from(value).toString('utf8')
        : JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  expect(text.includes(other.marker), `output leaks ${other.marker}`).toBe(false);
}
