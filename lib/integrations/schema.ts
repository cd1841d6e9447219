/** zod inputs: the admin form (an integration) and the API's body (a concern). */
import { z } from 'zod';
import { commaList } from '@/lib/admin/schema';

export const integrationInput = z.strictObject({
  name: z.string().trim().min(1, 'Enter the product’s name.').max(80, 'Use at most 80 characters.'),
  categoryId: z.uuid('Choose a category.'),
  alertUserIds: commaList(z.uuid('Unknown person.'), 200, 'Choose at most 200 people.'),
  alertGroupIds: commaList(z.uuid('Unknown alert group.'), 50, 'Choose at most 50 alert groups.'),
});
export type IntegrationInput = z.output<typeof integrationInput>;

export const integrationRefInput = z.strictObject({ integrationId: z.uuid('That integration could not be found.') });

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** What a product sends to POST /api/v1/concerns (the OpenAPI document in ./openapi.ts describes the same). */
export const concernInput = z
  .strictObject({
    pupil: z
      .strictObject({
        upn: z.string().trim().min(1).max(40).optional(),
        misId: z.string().trim().min(1).max(100).optional(),
      })
      .refine((p) => Boolean(p.upn) !== Boolean(p.misId), { message: 'Give exactly one of upn or misId.' }),
    occurredAt: z.iso.datetime({ offset: true, message: 'Use an ISO 8601 date and time with its offset.' }),
    text: z.string().trim().min(1, 'Enter the concern’s text.').max(20000, 'Use at most 20,000 characters.'),
    severity: z.enum(SEVERITIES).optional(),
    reference: z.string().trim().min(1, 'Give your own reference.').max(200, 'Use at most 200 characters.'),
  })
  .strict();
export type ConcernInput = z.output<typeof concernInput>;
