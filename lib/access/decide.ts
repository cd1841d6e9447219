/**
 * The one place that answers "may this user do X to Y". Every service
 * function's first line is `decide` (or `can`) against this module.
 */
import type { AccessAction, IncidentAction, ResourceArgs, StudentAction } from './actions';
import { INCIDENT_ACTIONS, STUDENT_ACTIONS } from './actions';
import { isIncidentEditor } from './permissions';
import { areaRule, incidentRule, newIncidentRule, studentRule } from './rules';
import type {
  AccessDecision,
  AccessSubject,
  DenialReason,
  IncidentResource,
  NewIncidentResource,
  StudentResource,
} from './types';

const ALLOWED: AccessDecision = { allowed: true };
const deny = (reason: DenialReason): AccessDecision => ({ allowed: false, reason });

/**
 * Allowed as the subject is; otherwise `needs_elevation` when the same rule
 * would allow it with the key used, else `not_allowed`. Computing it by
 * re-running the rule keeps the reason exact without a second rule set.
 */
function withElevation(subject: AccessSubject, rule: (s: AccessSubject) => boolean): AccessDecision {
  if (rule(subject)) return ALLOWED;
  if (!subject.elevated && rule({ ...subject, elevated: true })) return deny('needs_elevation');
  return deny('not_allowed');
}

function isStudentAction(action: AccessAction): action is StudentAction {
  return (STUDENT_ACTIONS as readonly string[]).includes(action);
}

function isIncidentAction(action: AccessAction): action is IncidentAction {
  return (INCIDENT_ACTIONS as readonly string[]).includes(action);
}

function decideStudent(subject: AccessSubject, action: StudentAction, student: StudentResource): AccessDecision {
  if (student.schoolId !== subject.schoolId) return deny('not_found');
  return withElevation(subject, (s) => studentRule(s, action, student));
}

function decideIncident(subject: AccessSubject, action: IncidentAction, incident: IncidentResource): AccessDecision {
  if (incident.schoolId !== subject.schoolId) return deny('not_found');
  // A deleted incident has vanished for everyone who cannot restore it: answer as for a missing row.
  if (incident.deleted && !isIncidentEditor(subject)) return deny('not_found');
  return withElevation(subject, (s) => incidentRule(s, action, incident));
}

function decideNewIncident(subject: AccessSubject, incident: NewIncidentResource): AccessDecision {
  if (incident.schoolId !== subject.schoolId) return deny('not_found');
  return newIncidentRule(subject, incident) ? ALLOWED : deny('not_allowed');
}

function decideAny(subject: AccessSubject, action: AccessAction, resource: unknown): AccessDecision {
  // The public signatures tie each resource type to its action (ResourceArgs); the
  // widening to unknown and back happens only here, once per resource kind.
  if (isStudentAction(action)) return decideStudent(subject, action, resource as StudentResource);
  if (isIncidentAction(action)) return decideIncident(subject, action, resource as IncidentResource);
  if (action === 'incident.add') return decideNewIncident(subject, resource as NewIncidentResource);
  return withElevation(subject, (s) => areaRule(s, action));
}

/** The decision with its reason, for callers that answer differently per reason. */
export function decide<A extends AccessAction>(
  subject: AccessSubject,
  action: A,
  ...args: ResourceArgs<A>
): AccessDecision {
  return decideAny(subject, action, args[0]);
}

/** The decision as a boolean, for templates and filters. */
export function can<A extends AccessAction>(subject: AccessSubject, action: A, ...args: ResourceArgs<A>): boolean {
  return decide(subject, action, ...args).allowed;
}
