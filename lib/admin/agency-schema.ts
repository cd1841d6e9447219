/** zod inputs of Admin → Agencies (strict, like every admin input). Pure. */
import { z } from 'zod';

const agencyId = z.uuid('That agency could not be found.');
const agencyName = z
  .string()
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'Give the agency a name.').max(100, 'Use at most 100 characters.'));

export const newAgencyInput = z.strictObject({ name: agencyName });
export const renameAgencyInput = z.strictObject({ agencyId, name: agencyName });
export const agencyRefInput = z.strictObject({ agencyId });
