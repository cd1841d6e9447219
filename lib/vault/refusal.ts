/** A file refused for what it is (type, size, empty, a virus) or because it could not be checked: the message names it. */
import { UserError } from '@/lib/errors';

export class FileRefused extends UserError {
  constructor(
    message: string,
    /** 413 for a file over the size limit, 422 for one whose type or content is refused, 503 when the virus scanner gave no verdict. */
    readonly status: 413 | 422 | 503 = 422,
  ) {
    super(message);
    this.name = 'FileRefused';
  }
}
