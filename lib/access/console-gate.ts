/**
 * The platform console's gate: an operator (a platform role, not a school
 * membership, so no school subject exists) opens console pages only with
 * their key in use in this console session. Pure.
 */
export type ConsoleStage = 'signed-out' | 'needs-key' | 'ready';

/** Where a browser is in the console's sign-in: no session, password only, or key in use (every page opens). */
export function consoleStageOf(operator: { elevated: boolean } | null): ConsoleStage {
  if (!operator) return 'signed-out';
  return operator.elevated ? 'ready' : 'needs-key';
}
