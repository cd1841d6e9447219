/**
 * Writes to Haven's own information about a pupil (the MIS owns the rest):
 * summary, keywords, agencies and the school's custom fields (versioned: a stale edit is refused with a
 * conflict message, never silently overwritten), staff to alert, manual links
 * to other pupils and contacts added by hand. Every function decides
 * 'student.edit' on the pupil first and does all of its writes, audit row
 * included, in one transaction. Nothing is deleted: links, alert staff and
 * contacts are marked removed.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { memberships, studentAlertStaff, studentContacts, studentLinks, studentProfiles, students } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { chosenAgencyNames } from '@/lib/agencies/read';
import { customValuesAfterEdit, gatherCustomFields } from '@/lib/settings/custom-values';
import { NotFoundError, UserError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { findPupilFor } from './access';
import { recordStudentEvent } from './audit';
import {
  addLinkInput,
  alertStaffInput,
  contactInput,
  profileDetailsInput,
  removeContactInput,
  removeLinkInput,
} from './schema';
import { foldForSearch } from './search-key';
import { visibleStudents } from './visible';

export const PROFILE_CONFLICT =
  'Someone else saved changes to this pupil’s information after you opened it, so yours were not saved. What you typed is still below: reload the page to see their changes, then make yours again.';

/** Summary, keywords, agencies and custom field values; returns the new version. */
export async function updateProfileDetails(ctx: UserCtx, input: unknown, now = new Date()): Promise<number> {
  const subject = await accessSubjectOf(ctx);
  const data = profileDetailsInput.parse(
    input && typeof input === 'object' ? gatherCustomFields(input as Record<string, unknown>) : input,
  );
  return ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, data.studentId, 'student.edit');
    const before = (
      await tx
        .select({
          summary: studentProfiles.summary,
          keywords: studentProfiles.keywords,
          agencies: studentProfiles.agencies,
          agencyIds: studentProfiles.agencyIds,
          customFields: studentProfiles.customFields,
        })
        .from(studentProfiles)
        .where(and(eq(studentProfiles.schoolId, ctx.school.id), eq(studentProfiles.studentId, pupil.id)))
    )[0] ?? { summary: '', keywords: [], agencies: [], agencyIds: [], customFields: {} };
    // Each must be this school's and enabled, or one the profile already names.
    const agencyNames = await chosenAgencyNames(tx, ctx.school.id, data.agencyIds, before.agencyIds);
    // Checked by kind against the school's student form; a deleted field's value stays.
    const customFields = customValuesAfterEdit(
      ctx.school.settings.studentForm,
      [],
      before.customFields,
      data.customFields,
    );
    const values = {
      summary: data.summary,
      keywords: data.keywords,
      agencies: data.agencies,
      agencyIds: data.agencyIds,
      customFields,
      // Keywords are searchable: folded the same way as names (search-key.ts).
      keywordKey: foldForSearch(data.keywords.join(' ')),
      updatedAt: now,
      updatedBy: ctx.user.id,
    };
    let saved: { version: number }[];
    if (data.version === 0) {
      // Nothing was held yet: the first save creates the row; a second "first" save conflicts.
      saved = await tx
        .insert(studentProfiles)
        .values({ schoolId: ctx.school.id, studentId: pupil.id, ...values, version: 1 })
        .onConflictDoNothing()
        .returning({ version: studentProfiles.version });
    } else {
      saved = await tx
        .update(studentProfiles)
        .set({ ...values, version: sql`${studentProfiles.version} + 1` })
        .where(
          and(
            eq(studentProfiles.schoolId, ctx.school.id),
            eq(studentProfiles.studentId, pupil.id),
            eq(studentProfiles.version, data.version),
          ),
        )
        .returning({ version: studentProfiles.version });
    }
    const version = saved[0]?.version;
    if (version === undefined) throw new UserError(PROFILE_CONFLICT);
    await recordStudentEvent(tx, ctx, {
      action: 'student.profile_updated',
      studentId: pupil.id,
      details: {
        version,
        before,
        after: {
          summary: data.summary,
          keywords: data.keywords,
          agencies: data.agencies,
          agencyIds: data.agencyIds,
          agencyNames,
          customFields,
        },
      },
      at: now,
    });
    return version;
  });
}

/** Adds a member of staff to be alerted about this pupil; they must be an active member of this school. */
export async function addAlertStaff(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const subject = await accessSubjectOf(ctx);
  const data = alertStaffInput.parse(input);
  await ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, data.studentId, 'student.edit');
    // Row-level security shows only this school's memberships: another school's person is simply absent.
    const member = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(
        and(
          eq(memberships.schoolId, ctx.school.id),
          eq(memberships.userId, data.userId),
          eq(memberships.status, 'active'),
        ),
      )
      .limit(1);
    if (!member[0])
      throw new UserError('That member of staff could not be found.', {
        userId: ['Choose an active member of staff.'],
      });
    const added = await tx
      .insert(studentAlertStaff)
      .values({
        id: randomUUID(),
        schoolId: ctx.school.id,
        studentId: pupil.id,
        userId: data.userId,
        createdAt: now,
        createdBy: ctx.user.id,
      })
      .onConflictDoNothing()
      .returning({ id: studentAlertStaff.id });
    if (added[0])
      await recordStudentEvent(tx, ctx, {
        action: 'student.alert_staff_added',
        studentId: pupil.id,
        details: { userId: data.userId },
        at: now,
      });
  });
}

export async function removeAlertStaff(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const subject = await accessSubjectOf(ctx);
  const data = alertStaffInput.parse(input);
  await ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, data.studentId, 'student.edit');
    const removed = await tx
      .update(studentAlertStaff)
      .set({ removedAt: now, removedBy: ctx.user.id })
      .where(
        and(
          eq(studentAlertStaff.schoolId, ctx.school.id),
          eq(studentAlertStaff.studentId, pupil.id),
          eq(studentAlertStaff.userId, data.userId),
          isNull(studentAlertStaff.removedAt),
        ),
      )
      .returning({ id: studentAlertStaff.id });
    if (removed[0])
      await recordStudentEvent(tx, ctx, {
        action: 'student.alert_staff_removed',
        studentId: pupil.id,
        details: { userId: data.userId },
        at: now,
      });
  });
}

/**
 * Links two pupils by hand (friends, cousins…), stored once for each side.
 * The other pupil must be one the person may list: a link never becomes a way
 * to name a pupil outside their reach.
 */
export async function addLink(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const subject = await accessSubjectOf(ctx);
  const data = addLinkInput.parse(input);
  await ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, data.studentId, 'student.edit');
    const otherId = data.linkedStudentId.toLowerCase();
    if (otherId === pupil.id)
      throw new UserError('A pupil cannot be linked to themselves.', { linkedStudentId: ['Choose another pupil.'] });
    const other = await tx
      .select({ id: students.id })
      .from(students)
      .where(and(eq(students.id, otherId), visibleStudents(subject)))
      .limit(1);
    if (!other[0])
      throw new UserError('That pupil could not be found.', { linkedStudentId: ['That pupil could not be found.'] });
    const rows = [
      { studentId: pupil.id, linkedStudentId: otherId },
      { studentId: otherId, linkedStudentId: pupil.id },
    ].map((r) => ({
      ...r,
      id: randomUUID(),
      schoolId: ctx.school.id,
      source: 'manual' as const,
      relationship: data.relationship,
      createdAt: now,
      createdBy: ctx.user.id,
    }));
    const inserted = await tx
      .insert(studentLinks)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: studentLinks.id });
    if (inserted.length === 0)
      throw new UserError('These pupils are already linked.', {
        linkedStudentId: ['These pupils are already linked.'],
      });
    // The two rows go in together; a half-present pair (one side left over) is completed, never duplicated.
    await recordStudentEvent(tx, ctx, {
      action: 'student.link_added',
      studentId: pupil.id,
      details: { linkedStudentId: otherId, relationship: data.relationship },
      at: now,
    });
    await recordStudentEvent(tx, ctx, {
      action: 'student.link_added',
      studentId: otherId,
      details: { linkedStudentId: pupil.id, relationship: data.relationship },
      at: now,
    });
  });
}

/** Removes a manual link from both sides. Links from the MIS change only with the MIS. */
export async function removeLink(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const subject = await accessSubjectOf(ctx);
  const data = removeLinkInput.parse(input);
  await ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, data.studentId, 'student.edit');
    const [link] = await tx
      .update(studentLinks)
      .set({ removedAt: now, removedBy: ctx.user.id })
      .where(
        and(
          eq(studentLinks.schoolId, ctx.school.id),
          eq(studentLinks.id, data.linkId),
          eq(studentLinks.studentId, pupil.id),
          eq(studentLinks.source, 'manual'),
          isNull(studentLinks.removedAt),
        ),
      )
      .returning({ linkedStudentId: studentLinks.linkedStudentId, relationship: studentLinks.relationship });
    if (!link) throw new NotFoundError('link');
    await tx
      .update(studentLinks)
      .set({ removedAt: now, removedBy: ctx.user.id })
      .where(
        and(
          eq(studentLinks.schoolId, ctx.school.id),
          eq(studentLinks.studentId, link.linkedStudentId),
          eq(studentLinks.linkedStudentId, pupil.id),
          eq(studentLinks.source, 'manual'),
          isNull(studentLinks.removedAt),
        ),
      );
    await recordStudentEvent(tx, ctx, {
      action: 'student.link_removed',
      studentId: pupil.id,
      details: { linkedStudentId: link.linkedStudentId, relationship: link.relationship },
      at: now,
    });
    await recordStudentEvent(tx, ctx, {
      action: 'student.link_removed',
      studentId: link.linkedStudentId,
      details: { linkedStudentId: pupil.id, relationship: link.relationship },
      at: now,
    });
  });
}

/** A contact of this pupil added by hand and not removed: the only kind a person may edit or remove. */
function liveManualContact(schoolId: string, studentId: string, contactId: string) {
  return and(
    eq(studentContacts.schoolId, schoolId),
    eq(studentContacts.id, contactId),
    eq(studentContacts.studentId, studentId),
    eq(studentContacts.source, 'manual'),
    isNull(studentContacts.removedAt),
  );
}

/** Adds a contact by hand, or edits one added by hand (`contactId`); returns its id. MIS contacts change only with the MIS. */
export async function saveContact(ctx: UserCtx, input: unknown, now = new Date()): Promise<string> {
  const subject = await accessSubjectOf(ctx);
  const { studentId, contactId, ...fields } = contactInput.parse(input);
  return ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, studentId, 'student.edit');
    if (contactId) {
      const [updated] = await tx
        .update(studentContacts)
        .set({ ...fields, updatedAt: now })
        .where(liveManualContact(ctx.school.id, pupil.id, contactId))
        .returning({ id: studentContacts.id });
      if (!updated) throw new NotFoundError('contact');
      await recordStudentEvent(tx, ctx, {
        action: 'student.contact_updated',
        studentId: pupil.id,
        details: { contactId, ...fields },
        at: now,
      });
      return updated.id;
    }
    const id = randomUUID();
    await tx.insert(studentContacts).values({
      id,
      schoolId: ctx.school.id,
      studentId: pupil.id,
      source: 'manual',
      ...fields,
      createdAt: now,
      createdBy: ctx.user.id,
      updatedAt: now,
    });
    await recordStudentEvent(tx, ctx, {
      action: 'student.contact_added',
      studentId: pupil.id,
      details: { contactId: id, ...fields },
      at: now,
    });
    return id;
  });
}

export async function removeContact(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const subject = await accessSubjectOf(ctx);
  const data = removeContactInput.parse(input);
  await ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, data.studentId, 'student.edit');
    const [removed] = await tx
      .update(studentContacts)
      .set({ removedAt: now, removedBy: ctx.user.id })
      .where(liveManualContact(ctx.school.id, pupil.id, data.contactId))
      .returning({ id: studentContacts.id });
    if (!removed) throw new NotFoundError('contact');
    await recordStudentEvent(tx, ctx, {
      action: 'student.contact_removed',
      studentId: pupil.id,
      details: { contactId: data.contactId },
      at: now,
    });
  });
}
