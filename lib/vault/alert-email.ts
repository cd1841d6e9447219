/**
 * The email sent when someone is alerted to a document in a pupil's vault.
 * Like every alert email it carries no record content: not the pupil's name,
 * not the file's name or type, only that a document was shared, by whom, at
 * which school, and where to sign in.
 *
 * Pure module.
 */
export interface DocumentAlertEmailInput {
  raisedBy: string;
  schoolName: string;
  signInUrl: string;
}

export function documentAlertEmail(e: DocumentAlertEmailInput): { subject: string; text: string } {
  return {
    subject: `Haven: a document was shared with you (${e.schoolName})`,
    text: [
      `${e.raisedBy} shared a document with you on Haven at ${e.schoolName}.`,
      '',
      `Sign in to see it: ${e.signInUrl}`,
      '',
      'For the safety of the pupils concerned, alert emails never contain names or details.',
    ].join('\n'),
  };
}
