import { z } from 'zod';
import { submissionKeyInput } from '@/lib/idempotency/schema';

/** "Contact support": what a member of staff writes to the deployment's operators. Pure. */
export const supportRequestInput = z.strictObject({
  subject: z.string().trim().min(1, 'Give your request a subject.').max(200, 'Use at most 200 characters.'),
  phone: z
    .string()
    .trim()
    .max(40, 'Use at most 40 characters.')
    .regex(/^[0-9+()\-. ]*$/, 'Use only digits, spaces and + ( ) - . in the phone number.'),
  message: z.string().trim().min(1, 'Say what you need help with.').max(5000, 'Use at most 5,000 characters.'),
  /** Made when the form opens: a doubled or replayed submission sends one request (lib/idempotency). */
  submissionKey: submissionKeyInput.optional(),
});

export const supportAnswerInput = z.strictObject({
  requestId: z.uuid(),
  answer: z.string().trim().min(1, 'Write the answer.').max(5000, 'Use at most 5,000 characters.'),
});

export const supportRequestIdInput = z.strictObject({ requestId: z.uuid() });

export type SupportStatus = 'open' | 'answered' | 'closed';
export const SUPPORT_STATUS_LABELS: Record<SupportStatus, string> = {
  open: 'Open',
  answered: 'Answered',
  closed: 'Closed',
};
