/**
 * Two kinds of error. A UserError's message is written for the person and is
 * shown as it is; anything else is a fault: the person sees a generic message
 * with a reference id, and the detail goes to the server log only.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The same answer for "does not exist" and "belongs to another school": never confirm existence. */
export class NotFoundError extends UserError {
  constructor(what = 'record') {
    super(`That ${what} could not be found.`);
    this.name = 'NotFoundError';
  }
}

export class NotAllowedError extends UserError {
  constructor(message = 'You do not have permission to do that.') {
    super(message);
    this.name = 'NotAllowedError';
  }
}

/** zod issues as messages per field (the first path segment), the shape forms show next to their fields. */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[],
): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? 'form');
    (fieldErrors[key] ??= []).push(issue.code === 'unrecognized_keys' ? 'Unexpected field.' : issue.message);
  }
  return fieldErrors;
}
