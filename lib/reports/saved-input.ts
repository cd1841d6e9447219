/**
 * What the Saved reports forms send, and when a saved report expires. A
 * report is kept a year unless its owner chooses otherwise (a month, six
 * months, or until deleted): long enough for a year of governors' meetings,
 * short enough that forgotten reports do not pile up. A changed expiry counts
 * from the day it is changed.
 *
 * Pure module.
 */
import { z } from 'zod';
import { submissionKeyInput } from '@/lib/idempotency/schema';
import { anyReportDefinition } from './definition';

export const EXPIRY_CHOICES = ['1-month', '6-months', '1-year', 'never'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];
export const DEFAULT_EXPIRY: ExpiryChoice = '1-year';
export const EXPIRY_LABELS: Record<ExpiryChoice, string> = {
  '1-month': '1 month',
  '6-months': '6 months',
  '1-year': '1 year',
  never: 'Until I delete it',
};
const EXPIRY_MONTHS: Record<Exclude<ExpiryChoice, 'never'>, number> = { '1-month': 1, '6-months': 6, '1-year': 12 };

export const TITLE_MAX = 120;

/** The instant a report saved (or changed) at `from` expires; null for never. The day is clamped (31 Jan + 1 month → end of February). */
export function expiryFrom(choice: ExpiryChoice, from: Date): Date | null {
  if (choice === 'never') return null;
  const months = from.getUTCMonth() + EXPIRY_MONTHS[choice];
  const year = from.getUTCFullYear() + Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const at = new Date(from);
  at.setUTCFullYear(year, month, Math.min(from.getUTCDate(), lastDay));
  return at;
}

export const savedReportTitle = z
  .string()
  .trim()
  .min(1, 'Enter a title for the report.')
  .max(TITLE_MAX, `Keep the title to ${TITLE_MAX} characters or fewer.`)
  // Line breaks and other control characters have no place in a one-line title.
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'Use letters, numbers and punctuation only.');

export const expiryChoice = z.enum(EXPIRY_CHOICES, {
  error: () => 'Choose how long to keep the report from the list.',
});

/** The definition the page wrote into the form as JSON: judged by the definition's own schema. */
const definitionField = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Not a report definition.' });
      return z.NEVER;
    }
  })
  .pipe(anyReportDefinition);

export const saveReportInput = z.strictObject({
  title: savedReportTitle,
  expiry: expiryChoice,
  definition: definitionField,
  submissionKey: submissionKeyInput,
});
export type SaveReportInput = z.output<typeof saveReportInput>;

const reportId = z.string().max(100);

export const savedReportRef = z.strictObject({ reportId });
export const publishReportInput = z.strictObject({ reportId, published: z.enum(['true', 'false']) });
export const reportExpiryInput = z.strictObject({ reportId, expiry: expiryChoice });
