/** What client components need from lib/incidents: how the record names roles and body maps. Pure. */
export { BODY_MAPS, ROLE_LABEL, bodyMapTitle } from './labels';
