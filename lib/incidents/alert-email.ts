/**
 * The alert email. It never carries record content: who raised it, the
 * category names and a link to the school's sign-in — never the pupil's name,
 * the text or anything else a mailbox should not hold.
 *
 * Pure module.
 */
export interface AlertEmailInput {
  raisedBy: string;
  schoolName: string;
  categoryNames: readonly string[];
  kind: 'incident' | 'action';
  signInUrl: string;
}

export function alertEmail(e: AlertEmailInput): { subject: string; text: string } {
  const categories = e.categoryNames.length > 0 ? e.categoryNames.join(', ') : 'a category';
  const what = e.kind === 'incident' ? 'a new incident' : 'a new action';
  return {
    subject: `Haven: ${e.raisedBy} has alerted you (${e.schoolName})`,
    text: [
      `${e.raisedBy} has alerted you to ${what} in ${categories} at ${e.schoolName}.`,
      '',
      `Sign in to Haven to read it: ${e.signInUrl}`,
      '',
      'For the safety of the pupils concerned, alert emails never contain names or details.',
    ].join('\n'),
  };
}
