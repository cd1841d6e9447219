/**
 * The Listing report's reads: the incidents a summary would count (the same
 * `incident.report` condition and filters, incident-query.ts
 * `filterConditions`), oldest first, with what each card or row shows. Read
 * a batch at a time in keyset order (when, then number), each batch in a
 * fixed number of statements whatever its size: the incidents, their
 * categories, their actions and the pupils linked to them. The enquiry view
 * reads one batch; the downloads read every batch in turn and write each
 * before the next is read.
 *
 * Actions are those the incident page shows a reader who may not restore
 * them: live ones, and training ones only while the school is in training
 * mode (as incidents).
 *
 * One pupil's chronology (the pupil profile's Student report) is the same
 * read with `studentId` set: filterConditions' condition on
 * `incidents.student_id`, shared with the counts.
 */
import 'server-only';
import { shownAuthorName } from '@/lib/incidents/author';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { incidentActions, incidents, memberships, students, userGroups, users } from '@/db/schema';
import type { AccessSubject } from '@/lib/access';
import { categoriesOn } from '@/lib/incidents/categories';
import { nameableLinkedCopies } from '@/lib/incidents/visibility';
import { visibleStudents } from '@/lib/students/visible';
import type { PupilNames } from '@/lib/students/names';
import type { DayRange } from './date-range';
import type { IncidentFilters } from './definition';
import { filterConditions } from './incident-query';
import { readAhead } from './read-ahead';

export interface ListingQueryInput {
  filters: IncidentFilters;
  days: DayRange;
  timeZone: string;
  includeTraining: boolean;
  actions: boolean;
  /** One pupil's listing (the Student report); the filters apply as well. */
  studentId?: string;
}

export interface ListingPupil extends PupilNames {
  id: string;
  dateOfBirth: string;
  gender: string | null;
  yearGroup: string | null;
  tutorGroup: string | null;
  senStatus: 'N' | 'K' | 'E' | null;
  pupilPremium: boolean;
  eal: boolean;
  freeSchoolMeals: boolean;
  lookedAfter: boolean;
}

export interface ListingStaff {
  name: string | null;
  /** Their user group here: what a hidden name becomes. */
  role: string | null;
}

export interface ListingAction {
  id: string;
  occurredAt: Date;
  text: string;
  author: ListingStaff;
  categories: string[];
  customFields: Record<string, unknown>;
}

export interface ListingLinked {
  studentId: string;
  names: PupilNames;
  role: string;
  /** The reader may list this pupil or read that copy: only then is the pupil named. */
  nameable: boolean;
}

export interface ListingIncident {
  id: string;
  number: number;
  occurredAt: Date;
  status: 'active' | 'closed';
  role: string;
  text: string;
  customFields: Record<string, unknown>;
  pupil: ListingPupil;
  author: ListingStaff;
  categories: string[];
  actions: ListingAction[];
  linked: ListingLinked[];
}

const author = alias(users, 'listing_author');
const authorMembership = alias(memberships, 'listing_author_membership');
const authorGroup = alias(userGroups, 'listing_author_group');

// One pupil's listing is filterConditions' own `studentId`, as one pupil's counts are.
const conditions = (subject: AccessSubject, input: ListingQueryInput) => filterConditions(subject, input);

/** How many incidents the listing holds in all. */
export async function countListing(tx: Tx, subject: AccessSubject, input: ListingQueryInput): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(incidents)
    .innerJoin(students, and(eq(students.schoolId, incidents.schoolId), eq(students.id, incidents.studentId)))
    .where(and(...conditions(subject, input)));
  return Number(row?.n ?? 0);
}

/**
 * The incidents of the listing in full, with their categories, actions and
 * linked copies: the first `size` of them, or those of `ids` (a batch of the
 * listing's order, read again under the same conditions).
 */
async function readBatch(
  tx: Tx,
  subject: AccessSubject,
  input: ListingQueryInput,
  which: { first: number } | { ids: readonly string[] },
): Promise<ListingIncident[]> {
  const rows = await tx
    .select({
      id: incidents.id,
      number: incidents.number,
      recordId: incidents.recordId,
      occurredAt: incidents.occurredAt,
      status: incidents.status,
      role: incidents.role,
      text: incidents.text,
      customFields: incidents.customFields,
      pupil: {
        id: students.id,
        legalForename: students.legalForename,
        legalSurname: students.legalSurname,
        preferredForename: students.preferredForename,
        preferredSurname: students.preferredSurname,
        dateOfBirth: students.dateOfBirth,
        gender: students.gender,
        yearGroup: students.yearGroup,
        tutorGroup: students.tutorGroup,
        senStatus: students.senStatus,
        pupilPremium: students.pupilPremium,
        eal: students.eal,
        freeSchoolMeals: students.freeSchoolMeals,
        lookedAfter: students.lookedAfter,
      },
      authorName: shownAuthorName(incidents.externalAuthor, author.displayName),
      authorRole: authorGroup.name,
    })
    .from(incidents)
    .innerJoin(students, and(eq(students.schoolId, incidents.schoolId), eq(students.id, incidents.studentId)))
    .leftJoin(author, eq(author.id, incidents.authorId))
    .leftJoin(
      authorMembership,
      and(eq(authorMembership.schoolId, incidents.schoolId), eq(authorMembership.userId, incidents.authorId)),
    )
    .leftJoin(
      authorGroup,
      and(eq(authorGroup.schoolId, authorMembership.schoolId), eq(authorGroup.id, authorMembership.userGroupId)),
    )
    .where(and(...conditions(subject, input), 'ids' in which ? inArray(incidents.id, [...which.ids]) : undefined))
    .orderBy(asc(incidents.occurredAt), asc(incidents.number))
    .limit('ids' in which ? which.ids.length : which.first);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const records = [...new Set(rows.map((r) => r.recordId))];

  const tags = await categoriesOn(tx, ids);
  const actionRows = input.actions
    ? await tx
        .select({
          id: incidentActions.id,
          incidentId: incidentActions.incidentId,
          occurredAt: incidentActions.occurredAt,
          text: incidentActions.text,
          customFields: incidentActions.customFields,
          authorName: shownAuthorName(incidentActions.externalAuthor, author.displayName),
          authorRole: authorGroup.name,
        })
        .from(incidentActions)
        .leftJoin(author, eq(author.id, incidentActions.authorId))
        .leftJoin(
          authorMembership,
          and(
            eq(authorMembership.schoolId, incidentActions.schoolId),
            eq(authorMembership.userId, incidentActions.authorId),
          ),
        )
        .leftJoin(
          authorGroup,
          and(eq(authorGroup.schoolId, authorMembership.schoolId), eq(authorGroup.id, authorMembership.userGroupId)),
        )
        .where(
          and(
            eq(incidentActions.schoolId, subject.schoolId),
            inArray(incidentActions.incidentId, ids),
            isNull(incidentActions.deletedAt),
            input.includeTraining ? undefined : eq(incidentActions.training, false),
          ),
        )
        .orderBy(asc(incidentActions.occurredAt), asc(incidentActions.createdAt))
    : [];
  // The other pupils' copies of each record, in number order: named only where nameable, always hidden by name.
  const linkedRows = await tx
    .select({
      recordId: incidents.recordId,
      incidentId: incidents.id,
      studentId: incidents.studentId,
      role: incidents.role,
      names: {
        legalForename: students.legalForename,
        legalSurname: students.legalSurname,
        preferredForename: students.preferredForename,
        preferredSurname: students.preferredSurname,
      },
      nameable: sql<boolean>`(${nameableLinkedCopies(subject)})`,
    })
    .from(incidents)
    .innerJoin(students, and(eq(students.schoolId, incidents.schoolId), eq(students.id, incidents.studentId)))
    .where(
      and(
        eq(incidents.schoolId, subject.schoolId),
        inArray(incidents.recordId, records),
        isNull(incidents.deletedAt),
        isNull(incidents.mergedIntoId),
      ),
    )
    .orderBy(asc(incidents.number));

  const categoriesOf = new Map<string, string[]>();
  const actionCategories = new Map<string, string[]>();
  for (const t of tags) {
    const map = t.actionId ? actionCategories : categoriesOf;
    const key = t.actionId ?? t.incidentId;
    const list = map.get(key) ?? [];
    if (!list.includes(t.name)) list.push(t.name);
    map.set(key, list);
    if (t.actionId) {
      // Categories an action added are the incident's too.
      const own = categoriesOf.get(t.incidentId) ?? [];
      if (!own.includes(t.name)) own.push(t.name);
      categoriesOf.set(t.incidentId, own);
    }
  }
  const actionsOf = new Map<string, ListingAction[]>();
  for (const a of actionRows) {
    const list = actionsOf.get(a.incidentId) ?? [];
    list.push({
      id: a.id,
      occurredAt: a.occurredAt,
      text: a.text,
      author: { name: a.authorName, role: a.authorRole },
      categories: actionCategories.get(a.id) ?? [],
      customFields: a.customFields,
    });
    actionsOf.set(a.incidentId, list);
  }
  const linkedOf = new Map<string, typeof linkedRows>();
  for (const l of linkedRows) {
    const list = linkedOf.get(l.recordId) ?? [];
    list.push(l);
    linkedOf.set(l.recordId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    occurredAt: r.occurredAt,
    status: r.status,
    role: r.role,
    text: r.text,
    customFields: r.customFields,
    pupil: r.pupil,
    author: { name: r.authorName, role: r.authorRole },
    categories: categoriesOf.get(r.id) ?? [],
    actions: actionsOf.get(r.id) ?? [],
    linked: (linkedOf.get(r.recordId) ?? [])
      .filter((l) => l.recordId === r.recordId && l.incidentId !== r.id && l.studentId !== r.pupil.id)
      .map((l) => ({ studentId: l.studentId, names: l.names, role: l.role, nameable: Boolean(l.nameable) })),
  }));
}

/** The first `size` incidents of the listing (the enquiry view). */
export function firstListingPage(
  tx: Tx,
  subject: AccessSubject,
  input: ListingQueryInput,
  size: number,
): Promise<ListingIncident[]> {
  return readBatch(tx, subject, input, { first: size });
}

/**
 * Every incident of the listing, `size` at a time, in order. The order is
 * decided once, over ids only (one sorted pass; 100,000 ids are a few MB),
 * and each batch then read in full by its ids: a keyset that re-ran the
 * filtered, sorted statement for every batch made a 100,000-incident export
 * quadratic (minutes instead of seconds). One batch is read ahead (./read-ahead.ts).
 */
export async function* listingBatches(
  tx: Tx,
  subject: AccessSubject,
  input: ListingQueryInput,
  size = 500,
): AsyncGenerator<ListingIncident[]> {
  const order = await tx
    .select({ id: incidents.id })
    .from(incidents)
    .innerJoin(students, and(eq(students.schoolId, incidents.schoolId), eq(students.id, incidents.studentId)))
    .where(and(...conditions(subject, input)))
    .orderBy(asc(incidents.occurredAt), asc(incidents.number));
  yield* readAhead(
    order.map((r) => r.id),
    size,
    (ids) => readBatch(tx, subject, input, { ids }),
  );
}

/**
 * Every name of the pupils this reader may list (`student.list`), legal and
 * preferred: the words the enquiry view marks in a listing with hidden
 * names. One statement; a school's roll is a few thousand names.
 */
export async function listablePupilNames(tx: Tx, subject: AccessSubject): Promise<string[]> {
  const rows = await tx
    .select({
      a: students.legalForename,
      b: students.legalSurname,
      c: students.preferredForename,
      d: students.preferredSurname,
    })
    .from(students)
    .where(and(eq(students.schoolId, subject.schoolId), visibleStudents(subject)));
  const names = new Set<string>();
  for (const r of rows) for (const n of [r.a, r.b, r.c, r.d]) if (n) names.add(n);
  return [...names];
}

/** Everyone who is or was a member of staff here, with their user group: a hidden name becomes the group. */
export function staffWithRoles(tx: Tx, schoolId: string): Promise<ListingStaff[]> {
  return tx
    .select({ name: users.displayName, role: userGroups.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(
      userGroups,
      and(eq(userGroups.schoolId, memberships.schoolId), eq(userGroups.id, memberships.userGroupId)),
    )
    .where(eq(memberships.schoolId, schoolId));
}
