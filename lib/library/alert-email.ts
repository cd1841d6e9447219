/**
 * The email sent when someone is alerted to a library file. Like every alert
 * email it carries no content: not the file's name, not who sent it, only
 * that a document in the school's library needs their attention and where to
 * find it (the dashboard names the file once they have signed in).
 *
 * Pure module.
 */
export interface LibraryAlertEmailInput {
  schoolName: string;
  libraryUrl: string;
  requireAction: boolean;
}

export function libraryAlertEmail(e: LibraryAlertEmailInput): { subject: string; text: string } {
  return {
    subject: `Haven: a document in the library needs your attention (${e.schoolName})`,
    text: [
      `A document in the library at ${e.schoolName} needs your attention.`,
      e.requireAction ? 'Please read it and mark it as read and understood.' : 'Please read it.',
      '',
      `Sign in to see it: ${e.libraryUrl}`,
      '',
      'For safety, alert emails never contain names or details.',
    ].join('\n'),
  };
}
