/**
 * What the pages say about a person's key on this request: the banner
 * ("Using your key" / "Without key"), the way to elevate or to add a key, and
 * where a finished change lands. The facts come from the session (lib/auth
 * sets elevation and works out whether the group may use a key with
 * `groupMayUseKey`); the wording of what they mean is here, so no page reads
 * the session's elevation itself.
 */

/** The session's facts about the key, as the request context carries them. */
export interface SessionKeyFacts {
  /** A key was used in this session and has not lapsed. */
  elevated: boolean;
  /** The group's rights go beyond recording concerns (groupMayUseKey). */
  mayElevate: boolean;
  /** Second factors the person has registered. */
  keyCount: number;
}

export interface KeyStatus {
  /** Key-holder rights apply now: "Using your key". */
  inUse: boolean;
  /** A key would open more for this person: their group goes beyond recording concerns. */
  opensMore: boolean;
  /** "Elevate your access" is offered: a key would open more and none is in use. */
  offerElevation: boolean;
  /** …and they hold a key to elevate with now. */
  keyAtHand: boolean;
  /** They may use a key but have none yet: "Add a key". */
  needsKeyAdded: boolean;
}

export function keyStatus(user: SessionKeyFacts): KeyStatus {
  return {
    inUse: user.elevated,
    opensMore: user.mayElevate,
    offerElevation: user.mayElevate && !user.elevated,
    keyAtHand: user.mayElevate && !user.elevated && user.keyCount > 0,
    needsKeyAdded: user.mayElevate && user.keyCount === 0,
  };
}
