/**
 * The pupil filters of Reporting (the Attendance page now; the custom
 * report's Students subject can take the same): which pupils a figure counts
 * by what the MIS says of them and by their monitoring. The form's fields
 * arrive from a GET address (bookmarkable, works without JavaScript); this
 * module keeps what was typed, gives a message per field, and when all is
 * valid, the filters as plain data (serialisable, for a saved report).
 * ./pupil-filters-sql.ts turns them into one SQL condition.
 *
 * Pure module.
 */
import { z } from 'zod';
import { isValidIsoDate } from '@/lib/attendance/dates';
import { fieldErrorsOf } from '@/lib/errors';

export const MONITORED_CHOICES = ['any', 'now', 'ever', 'between'] as const;
/** Several ticked categories: monitored in any one of them, or in every one. */
export const MATCH_CHOICES = ['any', 'all'] as const;
export const YES_NO_CHOICES = ['any', 'yes', 'no'] as const;
/** DfE SEN codes, and "SEN support or a plan". */
export const SEN_CHOICES = ['any', 'N', 'K', 'E', 'K+E'] as const;
export const AGE_MIN = 2;
export const AGE_MAX = 25;
const TEXT_MAX = 100;

export const MONITORED_LABELS: Record<(typeof MONITORED_CHOICES)[number], string> = {
  any: 'Any pupil',
  now: 'Monitored now',
  ever: 'Ever monitored',
  between: 'Monitored between dates',
};
export const MATCH_LABELS: Record<(typeof MATCH_CHOICES)[number], string> = {
  any: 'In any ticked category',
  all: 'In every ticked category',
};
export const YES_NO_LABELS: Record<(typeof YES_NO_CHOICES)[number], string> = { any: 'Any', yes: 'Yes', no: 'No' };
export const SEN_FILTER_LABELS: Record<(typeof SEN_CHOICES)[number], string> = {
  any: 'Any',
  N: 'No special educational needs',
  K: 'SEN support',
  E: 'Education, health and care plan',
  'K+E': 'SEN support or a plan',
};

/** A dropdown field of the school's pupil form, offered as a filter. */
export interface PupilCustomField {
  id: string;
  label: string;
  options: readonly string[];
}

/** The address's name of a custom field's filter. */
export const customFilterName = (fieldId: string): `cf-${string}` => `cf-${fieldId}`;

/** What the form holds, as typed: every field a string (the categories a list; custom fields by field id). */
export interface PupilFilterValues {
  monitored: string;
  monitoredMatch: string;
  monitoredFrom: string;
  monitoredTo: string;
  monitoredCategory: string[];
  pupilPremium: string;
  sen: string;
  religion: string;
  ethnicity: string;
  gender: string;
  yearGroup: string;
  eal: string;
  freeSchoolMeals: string;
  lookedAfter: string;
  ageFrom: string;
  ageTo: string;
  /** "yes" to count pupils who have left (archived) too. */
  includeArchived: string;
  custom: Record<string, string>;
}
export type PupilFilterField = Exclude<keyof PupilFilterValues, 'custom'>;
/** Messages by field; a custom field's under its address name (customFilterName). */
export type PupilFilterErrors = Partial<Record<PupilFilterField | `cf-${string}`, string[]>>;

export const PUPIL_FILTER_DEFAULTS: PupilFilterValues = {
  monitored: 'any',
  monitoredMatch: 'any',
  monitoredFrom: '',
  monitoredTo: '',
  monitoredCategory: [],
  pupilPremium: 'any',
  sen: 'any',
  religion: '',
  ethnicity: '',
  gender: '',
  yearGroup: '',
  eal: 'any',
  freeSchoolMeals: 'any',
  lookedAfter: 'any',
  ageFrom: '',
  ageTo: '',
  includeArchived: '',
  custom: {},
};

export const PUPIL_FILTER_FIELDS = (Object.keys(PUPIL_FILTER_DEFAULTS) as (keyof PupilFilterValues)[]).filter(
  (f): f is PupilFilterField => f !== 'custom',
);

const day = (message: string) => z.string().refine((s) => s === '' || isValidIsoDate(s), { error: message });
const age = z
  .string()
  .refine((s) => s === '' || (/^\d{1,2}$/.test(s) && Number(s) >= AGE_MIN && Number(s) <= AGE_MAX), {
    error: `Enter an age from ${AGE_MIN} to ${AGE_MAX} in whole years, or leave it empty.`,
  });
const text = z.string().max(TEXT_MAX, { error: `Choose a value from the list (at most ${TEXT_MAX} characters).` });
const yesNo = z.enum(YES_NO_CHOICES, { error: () => 'Choose Any, Yes or No.' });
const uuid = z.uuid({ error: 'Choose categories from the list.' });

const orNull = (s: string) => (s === '' ? null : s);
const flag = (s: (typeof YES_NO_CHOICES)[number]) => (s === 'any' ? null : s === 'yes');

/** The form's fields → the filters, each field judged with a message in the form's words. */
export const pupilFilterSchema = z
  .object({
    monitored: z.enum(MONITORED_CHOICES, { error: () => 'Choose an option from the list.' }),
    monitoredMatch: z.enum(MATCH_CHOICES, { error: () => 'Choose any or every ticked category.' }),
    monitoredFrom: day('Enter a real date, e.g. 2026-09-01.'),
    monitoredTo: day('Enter a real date, e.g. 2026-12-31.'),
    monitoredCategory: z.array(uuid).max(200),
    pupilPremium: yesNo,
    sen: z.enum(SEN_CHOICES, { error: () => 'Choose an SEN status from the list.' }),
    religion: text,
    ethnicity: text,
    gender: text,
    yearGroup: text,
    eal: yesNo,
    freeSchoolMeals: yesNo,
    lookedAfter: yesNo,
    ageFrom: age,
    ageTo: age,
    includeArchived: z.enum(['', 'yes'], { error: () => 'Tick the box or leave it empty.' }),
    // Checked against the school's fields by parsePupilFilters; here only their shape.
    custom: z.record(z.uuid(), z.string().max(TEXT_MAX)),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.monitored === 'between') {
      if (v.monitoredFrom === '')
        ctx.addIssue({ code: 'custom', path: ['monitoredFrom'], message: 'Enter the first day.' });
      if (v.monitoredTo === '') ctx.addIssue({ code: 'custom', path: ['monitoredTo'], message: 'Enter the last day.' });
      if (v.monitoredFrom && v.monitoredTo && v.monitoredFrom > v.monitoredTo)
        ctx.addIssue({ code: 'custom', path: ['monitoredTo'], message: 'The last day must not be before the first.' });
    } else if (v.monitoredFrom || v.monitoredTo) {
      ctx.addIssue({
        code: 'custom',
        path: ['monitored'],
        message: 'Choose “Monitored between dates” to use the dates you entered, or clear them.',
      });
    }
    if (v.monitored === 'any' && v.monitoredCategory.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['monitored'],
        message: 'Choose now, ever or between dates to filter by the categories you ticked, or untick them.',
      });
    if (v.ageFrom && v.ageTo && Number(v.ageFrom) > Number(v.ageTo))
      ctx.addIssue({ code: 'custom', path: ['ageTo'], message: 'The oldest age must not be below the youngest.' });
  })
  .transform((v) => ({
    monitored:
      v.monitored === 'any'
        ? null
        : {
            when: v.monitored,
            from: v.monitored === 'between' ? v.monitoredFrom : null,
            to: v.monitored === 'between' ? v.monitoredTo : null,
            categoryIds: [...new Set(v.monitoredCategory)],
            match: v.monitoredMatch,
          },
    pupilPremium: flag(v.pupilPremium),
    sen: v.sen === 'any' ? null : v.sen,
    religion: orNull(v.religion),
    ethnicity: orNull(v.ethnicity),
    gender: orNull(v.gender),
    yearGroup: orNull(v.yearGroup),
    eal: flag(v.eal),
    freeSchoolMeals: flag(v.freeSchoolMeals),
    lookedAfter: flag(v.lookedAfter),
    age: { from: v.ageFrom === '' ? null : Number(v.ageFrom), to: v.ageTo === '' ? null : Number(v.ageTo) },
    includeArchived: v.includeArchived === 'yes',
    custom: Object.entries(v.custom)
      .filter(([, value]) => value !== '')
      .map(([fieldId, value]) => ({ fieldId, value })),
  }));

export type PupilFilters = z.output<typeof pupilFilterSchema>;

const storedText = z.string().trim().min(1).max(TEXT_MAX).nullable();
const storedDay = z.string().refine(isValidIsoDate, { error: 'Enter a real date, e.g. 2026-09-01.' }).nullable();
const storedAge = z.number().int().min(AGE_MIN).max(AGE_MAX).nullable();

/**
 * The filters as a report definition stores them (./definition.ts): the
 * parsed shape above, judged again whole when a stored or forged definition
 * is read, so a saved report holds nothing the form could not have made.
 */
export const storedPupilFilters = z.strictObject({
  monitored: z
    .strictObject({
      when: z.enum(['now', 'ever', 'between']),
      from: storedDay,
      to: storedDay,
      categoryIds: z.array(z.uuid({ error: 'Choose categories from the list.' })).max(200),
      match: z.enum(MATCH_CHOICES),
    })
    .refine((m) => (m.when === 'between') === (m.from !== null && m.to !== null), {
      error: 'Enter the first and last day with “Monitored between dates”, and only then.',
      path: ['from'],
    })
    .refine((m) => m.from === null || m.to === null || m.from <= m.to, {
      error: 'The last day must not be before the first.',
      path: ['to'],
    })
    .nullable(),
  pupilPremium: z.boolean().nullable(),
  sen: z.enum(['N', 'K', 'E', 'K+E']).nullable(),
  religion: storedText,
  ethnicity: storedText,
  gender: storedText,
  yearGroup: storedText,
  eal: z.boolean().nullable(),
  freeSchoolMeals: z.boolean().nullable(),
  lookedAfter: z.boolean().nullable(),
  age: z
    .strictObject({ from: storedAge, to: storedAge })
    .refine((a) => a.from === null || a.to === null || a.from <= a.to, {
      error: 'The oldest age must not be below the youngest.',
      path: ['to'],
    }),
  includeArchived: z.boolean(),
  custom: z.array(z.strictObject({ fieldId: z.uuid(), value: z.string().trim().min(1).max(TEXT_MAX) })).max(50),
}) satisfies z.ZodType<PupilFilters>;

/** The stored filters back as the form's fields (a saved report opened in the Custom report). */
export function pupilFilterValues(f: PupilFilters): PupilFilterValues {
  const yesNo = (b: boolean | null) => (b === null ? 'any' : b ? 'yes' : 'no');
  return {
    monitored: f.monitored?.when ?? 'any',
    monitoredMatch: f.monitored?.match ?? 'any',
    monitoredFrom: f.monitored?.from ?? '',
    monitoredTo: f.monitored?.to ?? '',
    monitoredCategory: [...(f.monitored?.categoryIds ?? [])],
    pupilPremium: yesNo(f.pupilPremium),
    sen: f.sen ?? 'any',
    religion: f.religion ?? '',
    ethnicity: f.ethnicity ?? '',
    gender: f.gender ?? '',
    yearGroup: f.yearGroup ?? '',
    eal: yesNo(f.eal),
    freeSchoolMeals: yesNo(f.freeSchoolMeals),
    lookedAfter: yesNo(f.lookedAfter),
    ageFrom: f.age.from === null ? '' : String(f.age.from),
    ageTo: f.age.to === null ? '' : String(f.age.to),
    includeArchived: f.includeArchived ? 'yes' : '',
    custom: Object.fromEntries(f.custom.map((c) => [c.fieldId, c.value])),
  };
}

/** Any field differs from the defaults. */
export function pupilFiltersActive(values: PupilFilterValues): boolean {
  return (
    PUPIL_FILTER_FIELDS.some((f) =>
      f === 'monitoredCategory' ? values.monitoredCategory.length > 0 : values[f] !== PUPIL_FILTER_DEFAULTS[f],
    ) || Object.values(values.custom).some((v) => v !== '')
  );
}

const CUSTOM_NAME = /^cf-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * The address's pupil filter fields as typed, without knowing the school's
 * fields: every `cf-<id>` sent is kept (at most a form's worth), so a form
 * judged elsewhere against the school (the Custom report) keeps what was
 * typed beside its message.
 */
export function readPupilFilterValues(query: Query): PupilFilterValues {
  const custom = Object.keys(query)
    .map((k) => CUSTOM_NAME.exec(k)?.[1])
    .filter((id): id is string => id !== undefined)
    .slice(0, 50);
  return {
    ...Object.fromEntries(
      PUPIL_FILTER_FIELDS.filter((f) => f !== 'monitoredCategory').map((f) => [
        f,
        one(query[f], PUPIL_FILTER_DEFAULTS[f] as string),
      ]),
    ),
    monitoredCategory: many(query.monitoredCategory),
    custom: Object.fromEntries(custom.map((id) => [id, one(query[customFilterName(id)], '')])),
  } as PupilFilterValues;
}

/** No filter at all: every pupil the viewer may list. */
export const NO_PUPIL_FILTERS: PupilFilters = pupilFilterSchema.parse(PUPIL_FILTER_DEFAULTS);

export interface PupilFilterForm {
  values: PupilFilterValues;
  fieldErrors: PupilFilterErrors;
  /** The filters when every field is valid; null otherwise (the page then counts nothing). */
  filters: PupilFilters | null;
  /** Any field differs from the defaults: the filters are shown open. */
  active: boolean;
}

type Query = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined, fallback: string) =>
  (Array.isArray(v) ? (v[0] ?? fallback) : (v ?? fallback)).trim().slice(0, TEXT_MAX + 1);
const many = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .map((s) => s.trim().slice(0, 100))
    .filter((s) => s !== '')
    .slice(0, 201);

/**
 * The address's fields → the form. `categoryIds` are the categories whose
 * pupils the viewer may see: any other id (another school's, one they may
 * not see) is refused with a message, never silently counted or dropped.
 * `customFields` are the pupil form's dropdown fields: each is read from its
 * own address name, and a value none of its options has is refused beside it.
 */
export function parsePupilFilters(
  query: Query,
  opts: { categoryIds: readonly string[]; customFields?: readonly PupilCustomField[] },
): PupilFilterForm {
  const fields = opts.customFields ?? [];
  const values: PupilFilterValues = {
    ...Object.fromEntries(
      PUPIL_FILTER_FIELDS.filter((f) => f !== 'monitoredCategory').map((f) => [
        f,
        one(query[f], PUPIL_FILTER_DEFAULTS[f] as string),
      ]),
    ),
    monitoredCategory: many(query.monitoredCategory),
    custom: Object.fromEntries(fields.map((f) => [f.id, one(query[customFilterName(f.id)], '')])),
  } as PupilFilterValues;
  const active = pupilFiltersActive(values);
  const customErrors: PupilFilterErrors = Object.fromEntries(
    fields
      .filter((f) => values.custom[f.id] !== '' && !f.options.includes(values.custom[f.id]!))
      .map((f) => [customFilterName(f.id), [`Choose a ${f.label} from the list.`]]),
  );
  const parsed = pupilFilterSchema.safeParse(values);
  if (!parsed.success)
    return {
      values,
      fieldErrors: { ...fieldErrorsOf(parsed.error.issues), ...customErrors },
      filters: null,
      active,
    };
  if (Object.keys(customErrors).length > 0) return { values, fieldErrors: customErrors, filters: null, active };
  const allowed = new Set(opts.categoryIds);
  if (parsed.data.monitored?.categoryIds.some((id) => !allowed.has(id)))
    return { values, fieldErrors: { monitoredCategory: ['Choose categories from the list.'] }, filters: null, active };
  return { values, fieldErrors: {}, filters: parsed.data, active };
}

/** The filter fields of an address, for links that keep the filters (a class's page, another year). */
export function pupilFilterQuery(values: PupilFilterValues): URLSearchParams {
  const q = new URLSearchParams();
  for (const f of PUPIL_FILTER_FIELDS) {
    const v = values[f];
    if (Array.isArray(v)) for (const item of v) q.append(f, item);
    else if (v !== PUPIL_FILTER_DEFAULTS[f]) q.append(f, v);
  }
  for (const [id, v] of Object.entries(values.custom)) if (v !== '') q.append(customFilterName(id), v);
  return q;
}
