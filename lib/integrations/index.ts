/**
 * lib/integrations — inbound, write-only integrations: monitoring or
 * filtering products that record concerns in pupils' chronologies.
 * service.ts: Admin → Integrations (add, list, rotate, revoke; tokens shown
 * once, stored hashed: token.ts); api.ts: POST /api/v1/concerns (the route is
 * lib/http/concerns-route.ts); openapi.ts: its OpenAPI document.
 */
import 'server-only';

export { receiveConcern, readCapped, INTEGRATION_RULE, UNAUTHORISED, UNKNOWN_PUPIL, type ApiAnswer } from './api';
export { MAX_BODY_BYTES } from './limits';
export { OPENAPI_DOCUMENT } from './openapi';
export {
  createIntegration,
  listIntegrations,
  revokeIntegration,
  rotateIntegration,
  type IntegrationSummary,
} from './service';
export { integrationInput, integrationRefInput, concernInput, SEVERITIES } from './schema';
