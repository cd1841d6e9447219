/**
 * The hidden field every record-creating form sends (lib/idempotency/submissions.ts):
 * a UUID made when the form opens and kept in the device's draft.
 */
import { z } from 'zod';

export const submissionKeyInput = z.uuid(
  'This form could not be sent as it was: reload the page. What you typed is kept on this device.',
);
