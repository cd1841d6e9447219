/**
 * lib/alerts — a person's dashboard alerts: listing their live ones and
 * marking one read. The alert is a non-key user's way into a record, so both
 * touch only the person's own alerts.
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
