/** The inputs of the transfer steps (strict: unknown fields refused). Pure module. */
import { z } from 'zod';
import { uuidListField } from '@/lib/ids';

export const transferIdInput = z.strictObject({ transferId: z.uuid('Choose a transfer.') });

export const declineTransferInput = z.strictObject({
  transferId: z.uuid('Choose a transfer.'),
  reason: z
    .string()
    .trim()
    .min(3, 'Say why the transfer is declined (the new school sees it).')
    .max(1000, 'Keep the reason under 1,000 characters.'),
});

/** The ticked categories as the form sends them (one comma-joined field, see lib/http/action.ts) or as a list. */
export const transferPreferencesInput = z.strictObject({
  categoryIds: uuidListField(500, 'Choose at most 500 categories.', 'Choose categories from the list.'),
});
