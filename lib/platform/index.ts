/**
 * lib/platform — the deployment's operators and their console (/console on
 * the root domain): operators (operators.ts, `npm run operator`), signing in
 * with password and key (console-auth.ts), schools across the deployment
 * (schools.ts: counts only, never a pupil's record), people (people.ts: the
 * web form of `npm run user`, through lib/users' same services). Everything
 * here runs on the privileged path as 'platform-console' and is written to the
 * platform's audit log (lib/audit/platform.ts), and to a school's own where it
 * affects one.
 */
import 'server-only';

export {
  CONSOLE_SESSION_COOKIE,
  confirmConsoleTotpSetup,
  elevateConsole,
  resolveConsoleSession,
  signInToConsole,
  signOutOfConsole,
  startConsoleTotpSetup,
  type ConsoleOperator,
} from './console-auth';
export {
  OPERATOR_LINK_INVALID,
  addOperator,
  completeOperatorPassword,
  isOperatorLinkUsable,
  listOperators,
  removeOperator,
} from './operators';
export {
  consoleCreateSchoolInput,
  createSchoolFromConsole,
  listConsoleSchools,
  schoolAvailabilityInput,
  setSchoolAvailability,
  type ConsoleSchoolRow,
} from './schools';
export {
  answerSupportRequest,
  closeSupportRequest,
  getConsoleSupportRequest,
  listConsoleSupportRequests,
  type ConsoleSupportDetail,
  type ConsoleSupportRow,
} from './support';
export {
  addMembershipFromConsole,
  changeEmailFromConsole,
  consoleAddMembershipInput,
  consoleChangeEmailInput,
  consoleFindPersonInput,
  consoleRemoveKeysInput,
  findPersonFromConsole,
  membershipChoices,
  removeKeysFromConsole,
  type ConsolePerson,
} from './people';
export { SLA_MAX_BYTES, SLA_NOT_PDF, SLA_TOO_BIG, currentSla, readSla, uploadSla, type SlaInfo } from './sla';
