/**
 * lib/alerts — a person's dashboard alerts: listing their live ones and
 * marking one read. The alert is a non-key user's way into a record, so both
 * touch only the person's own alerts. Library alerts are the person's read
 * receipts (lib/library/receipts.ts), listed beside these.
 */
import 'server-only';

export { listMyAlerts } from './queries';
export { markAlertRead, markReadInput } from './service';
export {
  listMyDocumentAlerts,
  markDocumentAlertRead,
  markDocumentAlertReadInput,
  type DocumentAlertItem,
} from './document-alerts';
export { listMyLibraryAlerts, type LibraryAlertItem } from '@/lib/library/receipts';
export { dismissPlannerReminder, listMyPlannerReminders, type PlannerReminderItem } from './planner-reminders';
export { dismissReminderInput } from '@/lib/planner/schema';
