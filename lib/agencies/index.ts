/**
 * lib/agencies — a school's list of outside agencies as the records use it:
 * the enabled ones a form offers, checking what a form chose, and the names a
 * record shows. Records hold ids from the list (`agency_ids`, so a rename
 * shows everywhere) and free text for anything not on it (`agencies`).
 * Administration of the list (new, rename, disable) is lib/admin's.
 */
import 'server-only';

export { agenciesShown, chosenAgencyNames, enabledAgencies, type AgencyOption } from './read';
