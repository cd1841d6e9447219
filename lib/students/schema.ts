/**
 * zod inputs of the profile's forms and services. Every object is strict (an
 * unexpected field is refused), ids that do not parse are "not found" like
 * any unknown id, and lists typed as text arrive comma- or line-separated.
 */
import { z } from 'zod';
import { customFieldValuesInput } from '@/lib/settings/custom-values';
import { isValidIsoDate } from '@/lib/attendance/dates';
import { uuidListField } from '@/lib/ids';

const studentId = z.uuid('That pupil could not be found.');

/**
 * Words or phrases typed one per line or separated by commas: trimmed,
 * blanks dropped, duplicates (ignoring case) merged. An array is accepted too
 * and parses to the same result, so a service may re-parse a form's output.
 */
function phraseList(maxItems: number, maxLength: number, what: string) {
  return z
    .union([z.string().max(maxItems * (maxLength + 2) + 200), z.array(z.string())])
    .transform((v) => {
      const items = (Array.isArray(v) ? v : v.split(/[\n,;]+/))
        .map((s) => s.trim().replace(/\s+/g, ' '))
        .filter(Boolean);
      const seen = new Set<string>();
      return items.filter((s) => {
        const key = s.toLocaleLowerCase('en-GB');
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    })
    .superRefine((items, ctx) => {
      const long = items.find((s) => s.length > maxLength);
      if (long)
        ctx.addIssue({
          code: 'custom',
          message: `Keep each ${what} to ${maxLength} characters (“${long.slice(0, 20)}…” is longer).`,
        });
      if (items.length > maxItems) ctx.addIssue({ code: 'custom', message: `At most ${maxItems} ${what}s.` });
    });
}

/** Ticked agencies from the school's list, one comma-separated field; an array parses the same. */
const agencyIdList = z.preprocess(
  (v) => (Array.isArray(v) ? v.join(',') : (v ?? '')),
  z
    .string()
    .max(30 * 40)
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.uuid('Choose agencies from the list.')).max(30, 'Choose at most 30 agencies.')),
);

export const profileDetailsInput = z.strictObject({
  studentId,
  /** The version the form was loaded with; 0 when Haven held nothing about the pupil yet. */
  version: z.coerce.number({ error: 'Reload the page and try again.' }).int().min(0),
  summary: z
    .string()
    .transform((s) => s.trim().replace(/\s+/g, ' '))
    .pipe(z.string().max(300, 'Keep the summary to one line of at most 300 characters.')),
  keywords: phraseList(30, 40, 'keyword'),
  /** Agencies from the school's list; `agencies` is the free text for those not on it. */
  agencyIds: agencyIdList,
  agencies: phraseList(20, 100, 'agency'),
  /**
   * The school's student form custom fields (`cf_<field id>` on the form),
   * checked by kind against the definition; absent leaves them as they were.
   */
  customFields: customFieldValuesInput.optional(),
});
export type ProfileDetailsInput = z.infer<typeof profileDetailsInput>;

/** Relationships of manual links, all symmetric so each pupil's side reads the same. */
export const LINK_RELATIONSHIPS = [
  'Friend',
  'Cousin',
  'Relative',
  'Step-sibling',
  'Half-sibling',
  'Sibling',
  'Partner',
  'Other',
] as const;

export const addLinkInput = z.strictObject({
  studentId,
  linkedStudentId: z.uuid('Choose a pupil to link.'),
  relationship: z.enum(LINK_RELATIONSHIPS, 'Choose how they are related.'),
});

export const removeLinkInput = z.strictObject({ studentId, linkId: z.uuid('That link could not be found.') });

export const alertStaffInput = z.strictObject({ studentId, userId: z.uuid('Choose a member of staff.') });

/**
 * An optional text field: blank is null. Null is accepted as input too, so
 * the service can parse what the form's action already parsed.
 */
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters for the ${label}.`)
    .nullish()
    .transform((v) => (v ? v : null));

export const contactInput = z.strictObject({
  studentId,
  /** Present when editing a contact added by hand. */
  contactId: z.uuid('That contact could not be found.').optional(),
  forename: z.string().trim().min(1, 'Enter their first name.').max(80, 'Use at most 80 characters.'),
  surname: z.string().trim().min(1, 'Enter their last name.').max(80, 'Use at most 80 characters.'),
  relationship: optionalText(80, 'role'),
  organisation: optionalText(120, 'organisation'),
  phone: z
    .string()
    .trim()
    .max(40, 'That phone number is too long.')
    .regex(/^[0-9+()\s.-]*$/, 'Use digits, spaces and + ( ) - only.')
    .nullish()
    .transform((v) => (v ? v : null)),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(320, 'That address is too long.')
    .nullish()
    .transform((v) => (v ? v : null))
    .pipe(z.email('Enter a valid email address.').nullable()),
  note: optionalText(1000, 'note'),
});
export type ContactInput = z.infer<typeof contactInput>;

export const removeContactInput = z.strictObject({ studentId, contactId: z.uuid('That contact could not be found.') });

/** Ticked category boxes, sent as one comma-separated field or repeated. */
const idList = uuidListField(200, 'Choose at most 200 categories.', 'That category could not be found.');

export const isoDate = z
  .string()
  .trim()
  .min(1, 'Enter a date.')
  .refine(isValidIsoDate, 'Enter a real date, such as 2025-09-08.');

export const profileMonitoringInput = z.strictObject({
  studentId,
  /** Categories ticked now. */
  monitored: idList,
  /** Categories that were ticked when the form was shown: only the differences are saved. */
  shown: idList,
  /** The start date of newly ticked categories. */
  startedOn: isoDate,
});
export type ProfileMonitoringInput = z.infer<typeof profileMonitoringInput>;

/** An optional date filter: blank, or a real day from 2000 on (what a date field sends). */
const filterDay = z
  .string()
  .trim()
  .max(20, 'Enter a real date, such as 2026-03-01.')
  .refine((v) => v === '' || isValidIsoDate(v), 'Enter a real date, such as 2026-03-01.')
  .refine((v) => v === '' || v >= '2000-01-01', 'Choose a date from 2000 onwards.');

/**
 * The Audit tab's filters, from the address (a GET form, so a view can be
 * bookmarked): a person, a date range in the school's days, and the row to
 * continue after. Absent fields are blank.
 */
export const auditFilterInput = z
  .strictObject({
    person: z.union([z.literal(''), z.uuid('Choose someone from the list.')]).default(''),
    from: filterDay.default(''),
    to: filterDay.default(''),
    before: z.union([z.literal(''), z.uuid('That page could not be found.')]).default(''),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.to < v.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Choose an end date on or after the start date.' });
  });
export type AuditFilterInput = z.infer<typeof auditFilterInput>;
