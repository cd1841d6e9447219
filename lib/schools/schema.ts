import { z } from 'zod';
import { RESERVED_SLUGS, SLUG_PATTERN } from '@/lib/tenancy/host';

export const createSchoolInput = z.strictObject({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(SLUG_PATTERN, 'Use 2–40 lower-case letters, digits and hyphens.')
    .refine((s) => !RESERVED_SLUGS.has(s), 'This address is reserved.'),
  name: z.string().trim().min(2, 'Enter the school’s name.').max(200),
  trustName: z.string().trim().max(200).optional(),
  timeZone: z
    .string()
    .trim()
    .default('Europe/London')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'Unknown time zone.'),
});
export type CreateSchoolInput = z.input<typeof createSchoolInput>;
