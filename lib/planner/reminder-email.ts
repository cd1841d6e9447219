/**
 * The reminder email. Content-free like every email Haven sends about
 * safeguarding work: no title, no notes, no pupil, no time of the meeting —
 * only that there is a reminder and where to sign in to read it.
 *
 * Pure module.
 */
export const REMINDER_SUBJECT = 'You have a reminder in Haven';

export function reminderEmail(e: { schoolName: string; plannerUrl: string }): { subject: string; text: string } {
  return {
    subject: REMINDER_SUBJECT,
    text: [
      `You have a reminder in Haven at ${e.schoolName}.`,
      '',
      `Sign in to Haven to see it: ${e.plannerUrl}`,
      '',
      'For the safety of the pupils concerned, reminder emails never contain names or details.',
    ].join('\n'),
  };
}
