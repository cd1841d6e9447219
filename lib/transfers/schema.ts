/** The inputs of the transfer steps (strict: unknown fields refused). Pure module. */
import { z } from 'zod';

export const transferIdInput = z.strictObject({ transferId: z.uuid('Choose a transfer.') });

export const declineTransferInput = z.strictObject({
  transferId: z.uuid('Choose a transfer.'),
  reason: z
    .string()
    .trim()
    .min(3, 'Say why the transfer is declined (the new school sees it).')
    .max(1000, 'Keep the reason under 1,000 characters.'),
});

export const transferPreferencesInput = z.strictObject({
  categoryIds: z.array(z.uuid()).max(500).default([]),
});
