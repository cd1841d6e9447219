/**
 * People in the platform console (/console/people): the web form of
 * `npm run user`. Finding an account by address with its memberships,
 * adding it to another school (the same person in two schools), changing its
 * sign-in address everywhere and removing all of its second factors all call
 * lib/users' support services, with the operator as the actor: each is in
 * the platform's audit log and in the audit log of every school it touches,
 * in the same transaction. Nothing here reads a pupil's record.
 */
import 'server-only';
import {
  addPersonToSchool,
  addToSchoolInput,
  changeEmailEverywhere,
  changeEmailEverywhereInput,
  findPerson,
  findPersonInput,
  membershipChoices,
  removeAllSecondFactors,
  removeSecondFactorsInput,
  type PersonFound,
  type SupportActor,
} from '@/lib/users/platform';
import type { RequestMeta } from '@/lib/tenancy/context';
import type { ConsoleOperator } from './console-auth';

/** The operator as the actor: "Haven support (their address)" in a school's log, and their row in the platform's. */
const operatorActor = (op: ConsoleOperator, meta: RequestMeta): SupportActor => ({
  label: `Haven support (${op.email})`,
  operator: { userId: op.userId, meta },
});

export const consoleFindPersonInput = findPersonInput;
/** An existing account only: a new person is added by a school's administrator, or with the command line. */
export const consoleAddMembershipInput = addToSchoolInput.omit({ name: true });
export const consoleChangeEmailInput = changeEmailEverywhereInput;
export const consoleRemoveKeysInput = removeSecondFactorsInput;

export type ConsolePerson = PersonFound;
export { membershipChoices };

export function findPersonFromConsole(op: ConsoleOperator, input: unknown, meta: RequestMeta, now = new Date()) {
  return findPerson(input, operatorActor(op, meta), now);
}

export async function addMembershipFromConsole(
  op: ConsoleOperator,
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
) {
  const data = consoleAddMembershipInput.parse(input);
  return addPersonToSchool(data, now, operatorActor(op, meta));
}

export function changeEmailFromConsole(op: ConsoleOperator, input: unknown, meta: RequestMeta, now = new Date()) {
  return changeEmailEverywhere(input, now, operatorActor(op, meta));
}

export function removeKeysFromConsole(op: ConsoleOperator, input: unknown, meta: RequestMeta, now = new Date()) {
  return removeAllSecondFactors(input, now, operatorActor(op, meta));
}
