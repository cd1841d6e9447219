/** zod inputs of training mode's services and its form (strict objects, like every admin form). */
import { z } from 'zod';
import { commaList } from '@/lib/admin/schema';

const trainingIds = commaList(z.uuid('That training record could not be found.'), 5000, 'Too many records at once.');

/** Admin → Training mode: the records to keep as genuine (their training flag is cleared). */
export const trainingKeepInput = z.strictObject({ incidentIds: trainingIds, actionIds: trainingIds });

/**
 * "Disable training mode": the school's name typed to confirm, the records the
 * page listed, and those still ticked (removed for good). Listed but unticked
 * records are kept.
 */
export const trainingDisableInput = z.strictObject({
  schoolName: z.string().max(300, 'Type the school’s full name.').default(''),
  shownIncidentIds: trainingIds,
  shownActionIds: trainingIds,
  incidentIds: trainingIds,
  actionIds: trainingIds,
});

/** The Training mode form: one list of ticked records and two buttons (keep the unticked ones, or disable). */
export const trainingFormInput = z.strictObject({
  ...trainingDisableInput.shape,
  intent: z.enum(['keep', 'disable'], { error: 'Choose what to do.' }),
});
