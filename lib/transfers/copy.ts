/**
 * What a transfer copies, on authorise: the pupil's incidents in the chosen
 * categories (with their actions, dates and text exactly as written), their
 * map markers on the built-in body maps, and the documents in the pupil's vault
 * and on those incidents, into the pupil's record at the receiving school.
 *
 * - Reads of the sending school run in its own scoped transaction (inSchool):
 *   nothing of any third school is ever visible, and nothing there changes.
 * - Documents are decrypted from the sending school's keys and encrypted again
 *   under the receiving school's into new blobs (lib/vault/blob.ts); no row of
 *   the receiving school names the sending school's blob or key.
 * - Blobs first, then every receiving row in one transaction; a failure removes
 *   the new blobs, so nothing partial is left.
 * - Idempotent per transfer id: the copied rows carry it (`transfer_id`), and a
 *   second call copies nothing and refuses ("already transferred").
 * - The previous school's categories arrive as disabled sub-categories of a
 *   "Legacy" category with no permission rows, so nobody, administrators
 *   included, sees the records until an administrator grants a group rights on
 *   them (lib/access reads only permission rows).
 * - Linked pupils: each copy gets a record id of its own and no action shares
 *   one, so the copy names and links to no other pupil of the sending school.
 * - The author shown is the previous school's name (`external_author`).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { inSchool, type Tx } from '@/db/scoped';
import {
  auditLog,
  categories,
  documents,
  incidentActions,
  incidentCategories,
  incidents,
  incidentVersions,
  actionVersions,
  schoolMaps,
  schools,
  students,
} from '@/db/schema';
import type { MapMarker } from '@/db/schema/incidents';
import { writeAudit } from '@/lib/audit/write';
import { UserError, NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { TRANSFERRED_FIELD_PREFIX } from '@/lib/settings/custom-values';
import { customFieldsOf } from '@/lib/settings/form-definition';
import { readSchoolSettings } from '@/lib/settings/school-settings';
import { takeNumbers } from '@/lib/incidents/numbers';
import { isBuiltInMapId } from '@/lib/maps/builtin';
import { discardMapImage, loadMapImage, storeMapImage, type StoredImage } from '@/lib/maps/image-store';
import { dropDocumentBlob, openDocumentStream, storeDocumentBlob, type StoredBlob } from '@/lib/vault/blob';
import { storedBlobColumns } from '@/lib/vault/blob';

export interface CopyTransferInput {
  transferId: string;
  fromSchoolId: string;
  fromStudentId: string;
  toSchoolId: string;
  toStudentId: string;
  categoryIds: string[];
  actorUserId: string;
}

export const ALREADY_TRANSFERRED = 'These records have already been transferred.';
export const LEGACY_CATEGORY_NAME = 'Legacy';
/** Used when the school already has a category of its own called "Legacy". */
const LEGACY_FALLBACK_NAME = 'Legacy (transferred records)';
const LEGACY_COLOUR = '#6b7280';
/** The incident number counter (lib/incidents/create.ts uses the same). */
const INCIDENT_COUNTER = 'incident';

interface SentCategory {
  id: string;
  name: string;
  colour: string;
}

interface SentAction {
  id: string;
  incidentId: string;
  text: string;
  occurredAt: Date;
  agencies: string[];
  customFields: Record<string, unknown>;
  createdAt: Date;
  categoryIds: string[];
}

interface SentIncident {
  id: string;
  role: (typeof incidents.$inferSelect)['role'];
  text: string;
  occurredAt: Date;
  status: (typeof incidents.$inferSelect)['status'];
  agencies: string[];
  markers: MapMarker[];
  customFields: Record<string, unknown>;
  createdAt: Date;
  categoryIds: string[];
  actions: SentAction[];
}

interface SentDocument {
  id: string;
  source: 'vault' | 'incident' | 'action';
  incidentId: string | null;
  actionId: string | null;
  originalName: string;
  byteSize: number;
  contentType: string;
  uploadedAt: Date;
  storageKey: string;
  cipherVersion: number;
  chunkBytes: number;
  wrappedKey: string;
  keyProvider: string;
  keyDocumentId: string | null;
}

interface SentMap {
  id: string;
  title: string;
  contentType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  byteSize: number;
  stored: StoredImage;
}

interface Sent {
  schoolName: string;
  /** The sending school's custom fields' labels (incident and action forms), by field id. */
  fieldLabels: Map<string, string>;
  /** The sending school's own maps that the sent incidents' markers are on. */
  maps: SentMap[];
  categories: SentCategory[];
  incidents: SentIncident[];
  documents: SentDocument[];
}

function checkIds(ids: Record<string, string>) {
  for (const [name, id] of Object.entries(ids)) if (!isUuid(id)) throw new NotFoundError(`${name} not found`);
}

/** The live categories of the given incidents (own, or added by a live action), by incident. */
async function liveCategories(tx: Tx, schoolId: string, incidentIds: string[]) {
  if (incidentIds.length === 0) return [];
  return tx
    .select({
      incidentId: incidentCategories.incidentId,
      categoryId: incidentCategories.categoryId,
      actionId: incidentCategories.actionId,
    })
    .from(incidentCategories)
    .where(
      and(
        eq(incidentCategories.schoolId, schoolId),
        inArray(incidentCategories.incidentId, incidentIds),
        isNull(incidentCategories.removedAt),
      ),
    );
}

/**
 * Everything the sending school would send, read in its own scoped
 * transaction: incidents of the pupil carrying at least one chosen category
 * (only the chosen categories go with them), their live actions, and the live
 * documents in the pupil's vault and on those incidents and actions.
 */
async function readSent(fromSchoolId: string, fromStudentId: string, categoryIds: readonly string[]): Promise<Sent> {
  return inSchool(fromSchoolId, async (tx) => {
    const [school] = await tx
      .select({ name: schools.name, settings: schools.settings })
      .from(schools)
      .where(eq(schools.id, fromSchoolId));
    const [pupil] = await tx
      .select({ id: students.id })
      .from(students)
      .where(and(eq(students.schoolId, fromSchoolId), eq(students.id, fromStudentId)));
    if (!school || !pupil) throw new NotFoundError('Pupil not found');
    const chosen = categoryIds.length
      ? await tx
          .select({ id: categories.id, name: categories.name, colour: categories.colour })
          .from(categories)
          .where(and(eq(categories.schoolId, fromSchoolId), inArray(categories.id, [...categoryIds])))
          .orderBy(asc(categories.sortOrder), asc(categories.name))
      : [];
    const chosenIds = new Set(chosen.map((c) => c.id));

    const all = await tx
      .select({
        id: incidents.id,
        role: incidents.role,
        text: incidents.text,
        occurredAt: incidents.occurredAt,
        status: incidents.status,
        agencies: sql<string[]>`(
          select coalesce(jsonb_agg(a.name order by a.name), '[]'::jsonb)
          from agencies a where a.school_id = ${incidents.schoolId} and a.id::text in (select jsonb_array_elements_text(${incidents.agencyIds}))
        ) || ${incidents.agencies}`,
        markers: incidents.markers,
        customFields: incidents.customFields,
        createdAt: incidents.createdAt,
      })
      .from(incidents)
      .where(
        and(
          eq(incidents.schoolId, fromSchoolId),
          eq(incidents.studentId, fromStudentId),
          isNull(incidents.deletedAt),
          isNull(incidents.mergedIntoId),
          eq(incidents.training, false),
        ),
      )
      .orderBy(asc(incidents.occurredAt), asc(incidents.number));
    const tags = await liveCategories(
      tx,
      fromSchoolId,
      all.map((i) => i.id),
    );
    const ownChosen = new Map<string, string[]>();
    for (const t of tags) {
      if (t.actionId !== null || !chosenIds.has(t.categoryId)) continue;
      ownChosen.set(t.incidentId, [...(ownChosen.get(t.incidentId) ?? []), t.categoryId]);
    }
    const sentIncidents = all.filter((i) => ownChosen.has(i.id));
    const sentIds = sentIncidents.map((i) => i.id);

    const actions = sentIds.length
      ? await tx
          .select({
            id: incidentActions.id,
            incidentId: incidentActions.incidentId,
            text: incidentActions.text,
            occurredAt: incidentActions.occurredAt,
            agencies: sql<string[]>`(
              select coalesce(jsonb_agg(a.name order by a.name), '[]'::jsonb)
              from agencies a where a.school_id = ${incidentActions.schoolId} and a.id::text in (select jsonb_array_elements_text(${incidentActions.agencyIds}))
            ) || ${incidentActions.agencies}`,
            customFields: incidentActions.customFields,
            createdAt: incidentActions.createdAt,
          })
          .from(incidentActions)
          .where(
            and(
              eq(incidentActions.schoolId, fromSchoolId),
              inArray(incidentActions.incidentId, sentIds),
              isNull(incidentActions.deletedAt),
              eq(incidentActions.training, false),
            ),
          )
          .orderBy(asc(incidentActions.occurredAt), asc(incidentActions.createdAt))
      : [];
    const actionChosen = new Map<string, string[]>();
    for (const t of tags) {
      if (t.actionId === null || !chosenIds.has(t.categoryId)) continue;
      actionChosen.set(t.actionId, [...(actionChosen.get(t.actionId) ?? []), t.categoryId]);
    }

    const actionIds = actions.map((a) => a.id);
    const docs = await tx
      .select({
        id: documents.id,
        source: documents.source,
        incidentId: documents.incidentId,
        actionId: documents.actionId,
        originalName: documents.originalName,
        byteSize: documents.byteSize,
        contentType: documents.contentType,
        uploadedAt: documents.uploadedAt,
        storageKey: documents.storageKey,
        cipherVersion: documents.cipherVersion,
        chunkBytes: documents.chunkBytes,
        wrappedKey: documents.wrappedKey,
        keyProvider: documents.keyProvider,
        keyDocumentId: documents.keyDocumentId,
      })
      .from(documents)
      .where(
        and(
          eq(documents.schoolId, fromSchoolId),
          eq(documents.studentId, fromStudentId),
          isNull(documents.deletedAt),
          or(
            eq(documents.source, 'vault'),
            and(eq(documents.source, 'incident'), sentIds.length ? inArray(documents.incidentId, sentIds) : sql`false`),
            and(eq(documents.source, 'action'), actionIds.length ? inArray(documents.actionId, actionIds) : sql`false`),
          ),
        ),
      )
      .orderBy(asc(documents.uploadedAt), asc(documents.id));

    const mapIds = [
      ...new Set(sentIncidents.flatMap((i) => i.markers.map((m) => m.mapId)).filter((id) => !isBuiltInMapId(id))),
    ].filter(isUuid);
    const maps = mapIds.length
      ? await tx
          .select()
          .from(schoolMaps)
          .where(and(eq(schoolMaps.schoolId, fromSchoolId), inArray(schoolMaps.id, mapIds)))
      : [];

    const settings = readSchoolSettings(school.settings);
    const fieldLabels = new Map(
      [...customFieldsOf(settings.incidentForm), ...customFieldsOf(settings.actionForm)].map((f) => [f.id, f.label]),
    );

    return {
      schoolName: school.name,
      fieldLabels,
      maps: maps.map((m) => ({
        id: m.id,
        title: m.title,
        contentType: m.contentType,
        width: m.width,
        height: m.height,
        byteSize: m.byteSize,
        stored: {
          storageKey: m.storageKey,
          iv: m.iv,
          tag: m.tag,
          wrappedKey: m.wrappedKey,
          keyProvider: m.keyProvider,
        },
      })),
      categories: chosen,
      incidents: sentIncidents.map((i) => ({
        ...i,
        categoryIds: ownChosen.get(i.id)!,
        actions: actions
          .filter((a) => a.incidentId === i.id)
          .map((a) => ({ ...a, categoryIds: actionChosen.get(a.id) ?? [] })),
      })),
      documents: docs.map((d) => ({ ...d, source: d.source as SentDocument['source'] })),
    };
  });
}

export interface TransferPreview {
  /** Incidents that would be sent, per chosen category (an incident with two chosen categories counts in both). */
  categories: { id: string; name: string; incidents: number }[];
  incidents: number;
  documents: { id: string; name: string; size: number }[];
}

/** What authorising would send: counts per chosen category and the documents (names, sizes). */
export async function transferPreview(input: {
  fromSchoolId: string;
  fromStudentId: string;
  categoryIds: string[];
}): Promise<TransferPreview> {
  checkIds({ School: input.fromSchoolId, Pupil: input.fromStudentId });
  const ids = [...new Set(input.categoryIds.filter(isUuid))];
  const sent = await readSent(input.fromSchoolId, input.fromStudentId, ids);
  return {
    categories: sent.categories.map((c) => ({
      id: c.id,
      name: c.name,
      incidents: sent.incidents.filter((i) => i.categoryIds.includes(c.id)).length,
    })),
    incidents: sent.incidents.length,
    documents: sent.documents.map((d) => ({ id: d.id, name: d.originalName, size: d.byteSize })),
  };
}

async function alreadyCopied(tx: Tx, schoolId: string, transferId: string): Promise<boolean> {
  const [incident] = await tx
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(eq(incidents.schoolId, schoolId), eq(incidents.transferId, transferId)))
    .limit(1);
  if (incident) return true;
  const [document] = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.schoolId, schoolId), eq(documents.transferId, transferId)))
    .limit(1);
  if (document) return true;
  // A transfer that sent nothing (no category chosen, no documents) is marked by its audit row alone.
  const [logged] = await tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.schoolId, schoolId),
        eq(auditLog.action, 'transfer.records_received'),
        sql`${auditLog.details} ->> 'transferId' = ${transferId}`,
      ),
    )
    .limit(1);
  return Boolean(logged);
}

/**
 * The receiving school's "Legacy" category (top level, disabled, created once)
 * and one disabled sub-category per sending category, named "<previous school>:
 * <category>", reused when a later transfer brings the same one. No permission
 * rows are written: nobody sees them until an administrator grants rights.
 */
async function legacyCategories(
  tx: Tx,
  schoolId: string,
  schoolName: string,
  sent: readonly SentCategory[],
  now: Date,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (sent.length === 0) return out;
  // The school's own top-level categories named like ours: the Legacy one (flagged), or one of theirs to avoid.
  const tops = await tx
    .select({ id: categories.id, name: categories.name, legacy: categories.legacy })
    .from(categories)
    .where(
      and(
        eq(categories.schoolId, schoolId),
        isNull(categories.parentId),
        or(
          eq(categories.legacy, true),
          sql`lower(${categories.name}) in (lower(${LEGACY_CATEGORY_NAME}), lower(${LEGACY_FALLBACK_NAME}))`,
        ),
      ),
    );
  // Found by its flag, so an administrator may rename it.
  const found = tops.find((t) => t.legacy);
  const name = tops.some((t) => t.name.toLowerCase() === LEGACY_CATEGORY_NAME.toLowerCase())
    ? LEGACY_FALLBACK_NAME
    : LEGACY_CATEGORY_NAME;
  let legacyId = found?.id;
  if (!legacyId) {
    legacyId = randomUUID();
    await tx.insert(categories).values({
      schoolId,
      id: legacyId,
      name,
      colour: LEGACY_COLOUR,
      sortOrder: 10_000,
      archivedAt: now,
      legacy: true,
    });
  }
  const subs = await tx
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .where(and(eq(categories.schoolId, schoolId), eq(categories.parentId, legacyId)));
  const byName = new Map(subs.map((s) => [s.name.toLowerCase(), s.id]));
  for (const c of sent) {
    const name = `${schoolName}: ${c.name}`;
    let id = byName.get(name.toLowerCase());
    if (!id) {
      id = randomUUID();
      await tx.insert(categories).values({
        schoolId,
        id,
        name,
        parentId: legacyId,
        colour: /^#[0-9a-f]{6}$/.test(c.colour) ? c.colour : LEGACY_COLOUR,
        sortOrder: 10_000,
        archivedAt: now,
        legacy: true,
      });
      byName.set(name.toLowerCase(), id);
    }
    out.set(c.id, id);
  }
  return out;
}

/**
 * Custom field values become text under their label (lib/settings
 * customFieldRows shows them after the school's own fields): the receiving
 * school's form has none of the sending school's fields.
 */
function fieldsAsText(values: Record<string, unknown>, labels: ReadonlyMap<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    const text = Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
    const label = k.startsWith(TRANSFERRED_FIELD_PREFIX) ? k.slice(TRANSFERRED_FIELD_PREFIX.length) : labels.get(k);
    if (label) out[`${TRANSFERRED_FIELD_PREFIX}${label}`] = text;
  }
  return out;
}

/** Markers on the built-in body maps travel as they are; those on the school's own maps move to their copies. */
function markersKept(markers: readonly MapMarker[], mapIds: ReadonlyMap<string, string>): MapMarker[] {
  return markers.flatMap((m) => {
    if (isBuiltInMapId(m.mapId)) return [m];
    const id = mapIds.get(m.mapId);
    return id ? [{ ...m, mapId: id }] : [];
  });
}

interface CopiedMap {
  map: SentMap;
  id: string;
  image: StoredImage;
}

/**
 * The sending school's own maps under the sent markers, as disabled maps of
 * the receiving school titled "<previous school>: <title>" (not offered for
 * new markers), each picture encrypted again under the receiving school's key.
 * A title already taken gets the transfer's date after it.
 */
async function copyMaps(
  tx: Tx,
  schoolId: string,
  schoolName: string,
  maps: readonly CopiedMap[],
  now: Date,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (maps.length === 0) return out;
  const taken = new Set(
    (await tx.select({ title: schoolMaps.title }).from(schoolMaps).where(eq(schoolMaps.schoolId, schoolId))).map((m) =>
      m.title.toLowerCase(),
    ),
  );
  const [last] = await tx
    .select({ max: sql<number | null>`max(${schoolMaps.sortOrder})` })
    .from(schoolMaps)
    .where(eq(schoolMaps.schoolId, schoolId));
  let order = (last?.max ?? 0) + 1;
  for (const m of maps) {
    let title = `${schoolName}: ${m.map.title}`;
    for (let n = 2; taken.has(title.toLowerCase()); n++) title = `${schoolName}: ${m.map.title} (${n})`;
    taken.add(title.toLowerCase());
    await tx.insert(schoolMaps).values({
      schoolId,
      id: m.id,
      title,
      contentType: m.map.contentType,
      width: m.map.width,
      height: m.map.height,
      byteSize: m.map.byteSize,
      ...m.image,
      enabled: false,
      sortOrder: order++,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    });
    out.set(m.map.id, m.id);
  }
  return out;
}

export async function copyTransferRecords(input: CopyTransferInput): Promise<{ incidents: number; documents: number }> {
  checkIds({
    Transfer: input.transferId,
    School: input.fromSchoolId,
    Pupil: input.fromStudentId,
    'Receiving school': input.toSchoolId,
    'Receiving pupil': input.toStudentId,
    User: input.actorUserId,
  });
  if (input.fromSchoolId === input.toSchoolId) throw new UserError('A transfer goes to another school.');
  const categoryIds = [...new Set(input.categoryIds)];
  if (!categoryIds.every(isUuid)) throw new UserError('A chosen category is not one of this school’s.');

  const before = await inSchool(input.toSchoolId, async (tx) => {
    const [pupil] = await tx
      .select({ id: students.id })
      .from(students)
      .where(and(eq(students.schoolId, input.toSchoolId), eq(students.id, input.toStudentId)));
    if (!pupil) throw new NotFoundError('Pupil not found');
    return alreadyCopied(tx, input.toSchoolId, input.transferId);
  });
  if (before) throw new UserError(ALREADY_TRANSFERRED);

  const sent = await readSent(input.fromSchoolId, input.fromStudentId, categoryIds);
  if (sent.categories.length !== categoryIds.length) {
    throw new UserError('A chosen category is not one of this school’s.');
  }

  // Blobs first: each document decrypted from the sending school's key and encrypted under the receiving school's.
  const stored: { doc: SentDocument; blob: StoredBlob }[] = [];
  const maps: CopiedMap[] = [];
  try {
    for (const map of sent.maps) {
      const bytes = await loadMapImage(input.fromSchoolId, map.id, map.stored);
      if (!bytes) throw new Error(`A map's stored picture is missing (${map.id})`);
      const id = randomUUID();
      maps.push({ map, id, image: await storeMapImage(input.toSchoolId, id, bytes, map.contentType) });
    }
    for (const doc of sent.documents) {
      const source: Readable | null = await openDocumentStream(input.fromSchoolId, doc);
      if (!source) throw new Error(`A document's stored file is missing (${doc.id})`);
      const blob = await storeDocumentBlob(
        input.toSchoolId,
        randomUUID(),
        doc.originalName,
        source,
        Math.max(doc.byteSize, 1),
      );
      stored.push({ doc, blob });
    }
    return await writeReceived(input, sent, stored, maps);
  } catch (err) {
    await Promise.all([
      ...stored.map((s) => dropDocumentBlob(s.blob.storageKey)),
      ...maps.map((m) => discardMapImage(m.image.storageKey)),
    ]);
    throw err;
  }
}

async function writeReceived(
  input: CopyTransferInput,
  sent: Sent,
  stored: readonly { doc: SentDocument; blob: StoredBlob }[],
  maps: readonly CopiedMap[],
): Promise<{ incidents: number; documents: number }> {
  const now = new Date();
  const to = input.toSchoolId;
  const result = await inSchool(to, async (tx) => {
    // Two authorisations racing for one transfer: the second waits here, then finds the first's rows.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`transfer-copy:${input.transferId}`}))`);
    if (await alreadyCopied(tx, to, input.transferId)) throw new UserError(ALREADY_TRANSFERRED);

    const mapped = await legacyCategories(tx, to, sent.schoolName, sent.categories, now);
    const mapIds = await copyMaps(tx, to, sent.schoolName, maps, now);
    const numbers = sent.incidents.length ? await takeNumbers(tx, to, INCIDENT_COUNTER, sent.incidents.length) : [];
    const incidentIds = new Map<string, string>();
    const actionIds = new Map<string, string>();

    for (const [i, inc] of sent.incidents.entries()) {
      const id = randomUUID();
      incidentIds.set(inc.id, id);
      const markers = markersKept(inc.markers, mapIds);
      const customFields = fieldsAsText(inc.customFields, sent.fieldLabels);
      const catIds = inc.categoryIds.map((c) => mapped.get(c)!);
      await tx.insert(incidents).values({
        schoolId: to,
        id,
        number: numbers[i]!,
        recordId: randomUUID(),
        studentId: input.toStudentId,
        role: inc.role,
        text: inc.text,
        occurredAt: inc.occurredAt,
        status: inc.status,
        agencies: inc.agencies,
        agencyIds: [],
        markers,
        customFields,
        authorId: null,
        externalAuthor: sent.schoolName,
        transferId: input.transferId,
        createdAt: inc.createdAt,
        updatedAt: now,
      });
      await tx.insert(incidentVersions).values({
        schoolId: to,
        incidentId: id,
        version: 1,
        snapshot: {
          text: inc.text,
          occurredAt: inc.occurredAt.toISOString(),
          status: inc.status,
          categoryIds: catIds,
          agencies: inc.agencies,
          agencyIds: [],
          markers,
          customFields,
          assigneeId: null,
          documentIds: [],
        },
        savedBy: null,
        savedAt: now,
      });
      await tx
        .insert(incidentCategories)
        .values(catIds.map((categoryId) => ({ schoolId: to, incidentId: id, categoryId })));

      for (const act of inc.actions) {
        const actionId = randomUUID();
        actionIds.set(act.id, actionId);
        const fields = fieldsAsText(act.customFields, sent.fieldLabels);
        await tx.insert(incidentActions).values({
          schoolId: to,
          id: actionId,
          incidentId: id,
          text: act.text,
          occurredAt: act.occurredAt,
          agencies: act.agencies,
          agencyIds: [],
          customFields: fields,
          authorId: null,
          externalAuthor: sent.schoolName,
          createdAt: act.createdAt,
          updatedAt: now,
        });
        const actCats = act.categoryIds.map((c) => mapped.get(c)!);
        await tx.insert(actionVersions).values({
          schoolId: to,
          actionId,
          version: 1,
          snapshot: {
            text: act.text,
            occurredAt: act.occurredAt.toISOString(),
            agencies: act.agencies,
            agencyIds: [],
            customFields: fields,
            categoryIds: actCats,
            documentIds: [],
          },
          savedBy: null,
          savedAt: now,
        });
        if (actCats.length) {
          await tx
            .insert(incidentCategories)
            .values(actCats.map((categoryId) => ({ schoolId: to, incidentId: id, categoryId, actionId })));
        }
      }
    }

    if (stored.length) {
      await tx.insert(documents).values(
        stored.map(({ doc, blob }) => ({
          ...storedBlobColumns(blob, input.actorUserId, doc.uploadedAt),
          schoolId: to,
          studentId: input.toStudentId,
          source: doc.source,
          incidentId: doc.incidentId ? incidentIds.get(doc.incidentId)! : null,
          actionId: doc.actionId ? actionIds.get(doc.actionId)! : null,
          transferId: input.transferId,
          externalAuthor: sent.schoolName,
        })),
      );
    }

    const details = {
      transferId: input.transferId,
      fromSchoolId: input.fromSchoolId,
      incidents: sent.incidents.length,
      actions: actionIds.size,
      documents: stored.length,
      categoryIds: [...mapped.values()],
      categoryNames: sent.categories.map((c) => `${sent.schoolName}: ${c.name}`),
      incidentIds: [...incidentIds.values()],
    };
    await writeAudit(tx, {
      schoolId: to,
      action: 'transfer.records_received',
      actorUserId: null,
      actorLabel: `transfer from ${sent.schoolName}`,
      entityType: 'student',
      entityId: input.toStudentId,
      details,
      at: now,
    });
    return { incidents: sent.incidents.length, documents: stored.length };
  });

  // The sending school's log: what was sent. Its own records are left exactly as they were.
  await inSchool(input.fromSchoolId, (tx) =>
    writeAudit(tx, {
      schoolId: input.fromSchoolId,
      action: 'transfer.records_sent',
      actorUserId: input.actorUserId,
      entityType: 'student',
      entityId: input.fromStudentId,
      details: {
        transferId: input.transferId,
        toSchoolId: input.toSchoolId,
        incidents: result.incidents,
        documents: result.documents,
        categoryIds: sent.categories.map((c) => c.id),
        categoryNames: sent.categories.map((c) => c.name),
        incidentIds: sent.incidents.map((i) => i.id),
        documentIds: sent.documents.map((d) => d.id),
      },
      at: now,
    }),
  );
  return result;
}
