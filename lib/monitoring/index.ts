/**
 * lib/monitoring — monitoring periods: the one place that starts and ends one
 * (periods.ts), the profile's monitoring form (service.ts), bulk changes from
 * the pupil lists (bulk.ts), and what the profile shows of them (queries.ts).
 */
import 'server-only';

export { updateProfileMonitoring } from './service';
export { bulkMonitoringInput, bulkUpdateMonitoring, type BulkMonitoringResult } from './bulk';
export type { MonitoringLozenge, MonitoringOption, MonitoringPeriodView } from './types';
