/**
 * zod inputs of the incident services. The add-incident form posts flat
 * fields; lists arrive comma-separated, the linked pupils and map markers as
 * JSON written by their widgets, custom fields as `cf_<field id>`.
 */
import { z } from 'zod';
import { submissionKeyInput } from '@/lib/idempotency/schema';
import { customFieldValuesInput } from '@/lib/settings/custom-values';
import { uuidListField } from '@/lib/ids';

export const MAX_INCIDENT_TEXT = 50_000;

/** A JSON field written by a widget; anything unreadable is an empty list, then validated. */
const jsonList = <T extends z.ZodType>(item: T, max: number, tooMany: string) =>
  z.preprocess(
    (v) => {
      if (Array.isArray(v)) return v;
      if (typeof v !== 'string' || v.trim() === '') return [];
      try {
        return JSON.parse(v);
      } catch {
        return null;
      }
    },
    z.array(item, { error: 'That could not be read: please try again.' }).max(max, tooMany),
  );

/** A record's text: line endings made plain, ends trimmed, never empty, at most 50,000 characters. */
const recordText = (empty: string) =>
  z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, empty)
        .max(MAX_INCIDENT_TEXT, `Keep it under ${MAX_INCIDENT_TEXT.toLocaleString('en-GB')} characters.`),
    );

/** "Agencies involved": one per line (or comma-separated), blanks and repeats dropped. */
const agencyList = z.preprocess(
  (v) => (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\n,]/) : []),
  z
    .array(z.string().trim().max(80, 'Keep each agency name under 80 characters.'))
    .transform((a) => [...new Set(a.filter(Boolean))])
    .pipe(z.array(z.string()).max(20, 'List at most 20 agencies.')),
);

/** Custom field values by field id, validated by kind against the form definition (lib/settings/custom-values.ts). */
const customFieldValues = customFieldValuesInput;

export const LINK_ROLES = ['involved', 'affected', 'alleged_harm', 'witness'] as const;

// Not strict: the widget also sends the pupil's name and group for redisplay, which are ignored.
export const linkedPupilInput = z.object({
  studentId: z.uuid('Choose a pupil from the list.'),
  role: z.enum(LINK_ROLES, { error: 'Choose how this pupil was involved.' }),
  /** The categories this pupil is monitored under (not necessarily the incident's). */
  categoryIds: z.array(z.uuid()).max(50).default([]),
});
export type LinkedPupilInput = z.infer<typeof linkedPupilInput>;

export const markerInput = z.strictObject({
  mapId: z.string().min(1).max(64),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  note: z.string().trim().max(200, 'Keep each marker note under 200 characters.').default(''),
});

const flag = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).default(false);

/** Files uploaded from the form (pending documents of the person submitting) for the save to claim. */
export const MAX_ATTACHMENTS = 20;
/** The form's script sends this in place of an id while that file is still uploading. */
export const ATTACHMENT_UPLOADING = 'uploading';
const attachmentIds = z.preprocess(
  (v) => (Array.isArray(v) ? v.join(',') : (v ?? '')),
  z
    .string()
    .max(MAX_ATTACHMENTS * 40)
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .refine((ids) => !ids.includes(ATTACHMENT_UPLOADING), {
      error: 'Wait until every file has finished uploading, then save again.',
    })
    .pipe(
      z
        .array(z.uuid('One of the attached files could not be read: upload it again.'))
        .max(MAX_ATTACHMENTS, `Attach at most ${MAX_ATTACHMENTS} files at a time.`),
    ),
);

export const newIncidentInput = z.strictObject({
  studentId: z.uuid('Choose the pupil this is about.'),
  text: recordText('Describe what happened.'),
  categoryIds: uuidListField(50, 'Choose at most 50 categories.', 'Choose categories from the list.').pipe(
    z.array(z.string()).min(1, 'Choose at least one category.'),
  ),
  linked: jsonList(linkedPupilInput, 30, 'Link at most 30 pupils.'),
  markers: jsonList(markerInput, 60, 'Place at most 60 markers.'),
  /** datetime-local in the school's time zone; blank means now. */
  occurredAt: z.string().trim().max(20).default(''),
  status: z.enum(['active', 'closed'], { error: 'Choose active or closed.' }).default('active'),
  assigneeId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid('Choose someone from the list.').optional()),
  alertUserIds: uuidListField(500, 'Alert at most 500 people at once.', 'Choose people from the list.'),
  alertGroupIds: uuidListField(50, 'Choose at most 50 alert groups.', 'Choose alert groups from the list.'),
  /** Agencies chosen from the school's list; `agencies` is the free text for those not on it. */
  agencyIds: uuidListField(30, 'Choose at most 30 agencies.', 'Choose agencies from the list.'),
  agencies: agencyList,
  customFields: customFieldValues.default({}),
  /** The chosen pupil's name as the search showed it: redisplayed after an error, never stored. */
  studentLabel: z.string().max(200).optional(),
  attachmentIds,
  /** The attached files are also put on each linked pupil's copy (no second blob: a row sharing the first's). */
  shareDocuments: flag,
  /** The form's idempotency key (lib/idempotency): a retry of the same submission saves nothing new. */
  submissionKey: submissionKeyInput.optional(),
});
export type NewIncidentInput = z.infer<typeof newIncidentInput>;
/** What the add-incident form must send: the fields above, with its key. */
export const newIncidentForm = newIncidentInput.extend({ submissionKey: submissionKeyInput });

// Forms post custom fields as `cf_<field id>`; the rule that gathers them lives beside the form definitions.
export { gatherCustomFields } from '@/lib/settings/custom-values';

export const newActionInput = z.strictObject({
  incidentId: z.uuid('That incident could not be found.'),
  text: recordText('Describe the action taken.'),
  /** Categories the action adds to the incident (e.g. raising it to Child Protection). */
  categoryIds: uuidListField(50, 'Choose at most 50 categories.', 'Choose categories from the list.'),
  occurredAt: z.string().trim().max(20).default(''),
  alertUserIds: uuidListField(500, 'Alert at most 500 people at once.', 'Choose people from the list.'),
  alertGroupIds: uuidListField(50, 'Choose at most 50 alert groups.', 'Choose alert groups from the list.'),
  /** "Add incident alert recipients": everyone alerted about the incident so far. */
  alertIncidentRecipients: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).default(false),
  /** Also add this action to the linked pupils' copies of the incident (those the user may act on). */
  toLinkedPupils: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).default(false),
  agencyIds: uuidListField(30, 'Choose at most 30 agencies.', 'Choose agencies from the list.'),
  agencies: agencyList,
  /** Values of the action form's custom fields (`cf_<field id>` on the form). */
  customFields: customFieldValues.default({}),
  attachmentIds,
  /** With `toLinkedPupils`: the attached files go on each linked copy of the action too. */
  shareDocuments: flag,
  submissionKey: submissionKeyInput.optional(),
});
export type NewActionInput = z.infer<typeof newActionInput>;
export const newActionForm = newActionInput.extend({ submissionKey: submissionKeyInput });

const incidentId = z.uuid('That incident could not be found.');
const reason = z
  .string()
  .trim()
  .min(3, 'Give a reason (at least a few words).')
  .max(500, 'Keep the reason under 500 characters.');

export const editIncidentInput = z.strictObject({
  incidentId,
  /** The version the editor started from: a stale edit is refused, never merged silently. */
  version: z.coerce.number().int().min(1),
  text: recordText('Describe what happened.'),
  categoryIds: uuidListField(50, 'Choose at most 50 categories.', 'Choose categories from the list.').pipe(
    z.array(z.string()).min(1, 'Choose at least one category.'),
  ),
  occurredAt: z.string().trim().min(1, 'Enter a date and time.').max(20),
  status: z.enum(['active', 'closed'], { error: 'Choose active or closed.' }),
  /** The agencies after the edit: those ticked on the school's list, and the free text for others. */
  agencyIds: uuidListField(30, 'Choose at most 30 agencies.', 'Choose agencies from the list.'),
  agencies: agencyList,
  assigneeId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid('Choose someone from the list.').optional()),
  /** The whole set of markers after the edit; absent (a caller with no map) leaves them as they were. */
  markers: jsonList(markerInput, 60, 'Place at most 60 markers.').optional(),
  /** Every custom field's value after the edit; absent leaves them as they were. */
  customFields: customFieldValues.optional(),
  /** People and alert groups to alert now, as on the add form. */
  alertUserIds: uuidListField(500, 'Alert at most 500 people at once.', 'Choose people from the list.'),
  alertGroupIds: uuidListField(50, 'Choose at most 50 alert groups.', 'Choose alert groups from the list.'),
  /** Pupils to link now: each gets a copy of the incident, as on the add form. */
  linked: jsonList(linkedPupilInput, 30, 'Link at most 30 pupils.'),
  /** Files uploaded from the edit form to attach now. */
  attachmentIds,
  /** Attachments of this incident to remove (an edit: the previous version keeps them, restorable). */
  removeDocumentIds: uuidListField(100, 'Remove at most 100 files at a time.', 'Choose files from the list.'),
  submissionKey: submissionKeyInput.optional(),
});
export type EditIncidentInput = z.infer<typeof editIncidentInput>;
/** What the edit form must send: the fields above, with its key. */
export const editIncidentForm = editIncidentInput.extend({ submissionKey: submissionKeyInput });

export const editActionInput = z.strictObject({
  actionId: z.uuid('That action could not be found.'),
  /** The version the editor started from: a stale edit is refused, never merged silently. */
  version: z.coerce.number().int().min(1),
  text: recordText('Describe the action taken.'),
  occurredAt: z.string().trim().min(1, 'Enter a date and time.').max(20),
  agencyIds: uuidListField(30, 'Choose at most 30 agencies.', 'Choose agencies from the list.'),
  agencies: agencyList,
  /** Every custom field's value after the edit; absent leaves them as they were. */
  customFields: customFieldValues.optional(),
  submissionKey: submissionKeyInput.optional(),
});
export type EditActionInput = z.infer<typeof editActionInput>;
export const editActionForm = editActionInput.extend({ submissionKey: submissionKeyInput });

export const deleteIncidentInput = z.strictObject({ incidentId, reason });
export const incidentRefInput = z.strictObject({ incidentId });
// A server action parses its form with these schemas and hands the result to the service, which
// parses again: every transform must accept its own output (tests/unit/incident-schemas.test.ts).
export const pinIncidentInput = z.strictObject({
  incidentId,
  pinned: z.preprocess(
    (v) => (v === true ? '1' : v === false ? '0' : v),
    z.enum(['0', '1']).transform((v) => v === '1'),
  ),
});
export const mergeIncidentInput = z.strictObject({
  incidentId,
  /** The number staff see ("1042" or "#1042") of the incident this one joins. */
  intoNumber: z
    .preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string())
    .transform((s) => s.trim())
    .transform((s) => s.replace(/^#/, ''))
    .pipe(z.string().regex(/^\d{1,9}$/, 'Enter the number of the incident to merge into, e.g. 1042.'))
    .transform(Number),
});
export const splitActionInput = z.strictObject({
  actionId: z.uuid('That action could not be found.'),
  categoryIds: uuidListField(50, 'Choose at most 50 categories.', 'Choose categories from the list.').pipe(
    z.array(z.string()).min(1, 'Choose at least one category.'),
  ),
});
export const deleteActionInput = z.strictObject({ actionId: z.uuid('That action could not be found.'), reason });
export const actionRefInput = z.strictObject({ actionId: z.uuid('That action could not be found.') });
