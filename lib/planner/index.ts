/**
 * lib/planner — the Planner: key holders' events (case reviews, follow-ups)
 * with their shares, linked pupils and record, and reminders. Reads
 * (queries.ts), saving and deleting (service.ts), the reminder rows
 * (reminders.ts), the school-time rules for when things happen (when.ts) and
 * the content-free reminder email. Every decision is lib/access's
 * (`planner.use`, `decidePlannerEvent`); the planner-reminders job (lib/jobs)
 * sends what is due and lib/alerts shows it on the dashboard.
 */
import 'server-only';

export { NO_PLANNER, PLANNER_NEEDS_KEY, plannerAccess, requirePlanner, type PlannerAccess } from './access';
export {
  getPlannerEvent,
  linkableRecord,
  type LinkableRecord,
  listPlannerColleagues,
  listPlannerEvents,
  type PlannerEventDetail,
  type PlannerEventSummary,
} from './queries';
export { addQuickReminder, deletePlannerEvent, EVENT_CHANGED, savePlannerEvent, type SavedEvent } from './service';
export { deletePlannerEventInput, plannerEventInput, quickReminderInput, MAX_PUPILS, MAX_SHARED } from './schema';
export { REMINDER_SUBJECT } from './reminder-email';
export { addActionWithEvent, createIncidentWithEvent, recordEventFields, type RecordEventFields } from './record-event';
export { monthOf, monthWeeks, onDay, plannerDay, shiftDay, shiftMonth, type PlannerView } from './calendar';
