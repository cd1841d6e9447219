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
