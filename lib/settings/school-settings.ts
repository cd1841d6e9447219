/**
 * A school's settings: one JSON document, validated here with defaults, so a
 * setting added later needs no migration and an old row still parses.
 */
import { z } from 'zod';
import { defaultForm, formSchema } from './form-definition';

export const DEFAULT_SECURITY_MESSAGE =
  'It is your responsibility to logout and protect the security of student information';

export const schoolSettingsSchema = z.object({
  /** Minutes without activity before the screen is blanked. */
  idleTimeoutMinutes: z.number().int().min(1).max(120).default(15),
  securityMessage: z.string().max(300).default(DEFAULT_SECURITY_MESSAGE),
  /** Names shown on every page: legal or preferred, and in which order. */
  nameSource: z.enum(['legal', 'preferred']).default('preferred'),
  nameOrder: z.enum(['first-last', 'last-first']).default('first-last'),
  /** Which MIS group the dashboard filters by. */
  dashboardGroupType: z.enum(['tutor', 'year']).default('tutor'),
  classRestrictions: z.enum(['off', 'tutor', 'year']).default('off'),
  enforceAlert: z.boolean().default(false),
  /**
   * Anyone who may add incidents may search all pupils on roll on the
   * add-incident form. On by default: without it, staff without a key can
   * only record concerns from a pupil they reach another way (an alert).
   */
  studentSearchOnAddIncident: z.boolean().default(true),
  disableUsersMissingFromExtract: z.boolean().default(false),
  emailDomainWhitelist: z.array(z.string().toLowerCase()).default([]),
  trainingMode: z.boolean().default(false),
  /**
   * Staff without a key may open the library (its documents are the school's
   * own guidance, not pupils' records). Stored now; the library reads it.
   */
  libraryForNonKeyUsers: z.boolean().default(false),
  /** Which MIS group reports group pupils by. */
  reportingGroupType: z.enum(['tutor', 'year']).default('year'),
  /** Days over which the attendance trend is drawn. */
  attendanceTrendDays: z.array(z.number().int().min(1).max(365)).default([7, 28, 90]),
  /** The largest file the Document vault takes, in MB (Admin → School settings; the default: 50). */
  vaultMaxFileMb: z.number().int().min(1).max(500).default(50),
  /**
   * The categories whose incidents this school sends when it authorises a transfer (Admin →
   * Transfers → Manage preferences). None: a transfer sends no incidents.
   */
  transferCategoryIds: z.array(z.string()).default([]),
  /**
   * Sign-in with the school's Microsoft or Google account (lib/auth/sso.ts): off until an admin allows it, and
   * only for addresses at these domains (Microsoft's ID token says nothing about verification, so the domain
   * list is what makes its address trustworthy: only domains the school's own tenant owns belong here).
   */
  ssoMicrosoft: z.boolean().default(false),
  ssoGoogle: z.boolean().default(false),
  ssoDomains: z.array(z.string().toLowerCase()).default([]),
  /** The three forms: field order, advice messages, custom fields (form-definition.ts). */
  incidentForm: formSchema('incident').default(defaultForm('incident')),
  actionForm: formSchema('action').default(defaultForm('action')),
  studentForm: formSchema('student').default(defaultForm('student')),
});

export type SchoolSettings = z.infer<typeof schoolSettingsSchema>;

/** Reads stored settings; unknown or invalid values fall back to defaults rather than break a page. */
export function readSchoolSettings(stored: unknown): SchoolSettings {
  const base = typeof stored === 'object' && stored !== null ? stored : {};
  const parsed = schoolSettingsSchema.safeParse(base);
  if (parsed.success) return parsed.data;
  // Keep every valid key, default the rest.
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schoolSettingsSchema.shape)) {
    const r = (field as z.ZodType).safeParse((base as Record<string, unknown>)[key]);
    if (r.success) out[key] = r.data;
  }
  return schoolSettingsSchema.parse(out);
}
