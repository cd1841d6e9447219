/** The Audit tab's sentences: one per event, naming only what the query looked up for the reader. */
import { describe, expect, it } from 'vitest';
import { auditSentence, type AuditFacts } from '@/lib/profile/audit-sentences';

const facts = (action: string, details: Record<string, unknown> = {}, over: Partial<AuditFacts> = {}): AuditFacts => ({
  action,
  details,
  incidentNumber: null,
  categoryName: null,
  linkedPupilName: null,
  staffName: null,
  ...over,
});

describe('audit sentences', () => {
  it.each([
    [facts('student.viewed', { view: 'attendance' }), 'Viewed the Attendance tab'],
    [facts('student.viewed', { view: 'edit' }), 'Viewed the Edit information tab'],
    [facts('student.viewed', { view: 'something-new' }), 'Viewed the record'],
    [facts('incident.created', { number: 12 }, { incidentNumber: 12 }), 'Added incident #12'],
    [facts('incident.edited', {}, { incidentNumber: 12 }), 'Edited incident #12'],
    [facts('action.created', { number: 12 }), 'Added an action to incident #12'],
    [facts('action.deleted', { incident: 12 }), 'Deleted an action on incident #12'],
    [facts('action.split', { from: 12, into: 15 }), 'Made an action on incident #12 into incident #15'],
    [facts('incident.merged', { number: 12, into: 14 }), 'Merged incident #12 into incident #14'],
    [facts('alert.read', {}, { incidentNumber: 9 }), 'Read an alert about incident #9'],
    [facts('incident.chronology_viewed', { incidents: 40 }), 'Read the incident chronology'],
    [facts('monitoring.started', {}, { categoryName: 'Bullying' }), 'Started monitoring: Bullying'],
    [
      facts('monitoring.ended', { via: 'bulk' }, { categoryName: 'Bullying' }),
      'Stopped monitoring: Bullying (from a class list)',
    ],
    [
      facts('student.link_added', { relationship: 'Cousin' }, { linkedPupilName: 'Ben Walker' }),
      'Linked to Ben Walker (cousin)',
    ],
    [facts('student.link_added', { relationship: 'Cousin' }), 'Linked to a pupil you cannot see (cousin)'],
    [
      facts('student.alert_staff_added', {}, { staffName: 'Ben Price' }),
      'Added Ben Price to the staff alerted about this pupil',
    ],
    [
      facts('student.profile_updated', {
        before: { summary: '', keywords: [] },
        after: { summary: 'x', keywords: ['a'] },
      }),
      'Changed the summary and keywords',
    ],
    [
      facts('student.profile_updated', {
        before: { summary: 'x', customFields: {} },
        after: { summary: 'x', customFields: { 'f-1': 'Yes' } },
      }),
      'Changed the other information',
    ],
    [facts('student.contact_added', { forename: 'Aoife', surname: "O'Brien" }), 'Added a contact'],
  ])('%#: %s', (f, sentence) => {
    expect(auditSentence(f)).toBe(sentence);
  });

  it('says nothing of the details of an event it does not know', () => {
    expect(auditSentence(facts('library.document_read', { title: 'Referral to CAMHS', categoryId: 'x' }))).toBe(
      'Recorded an event',
    );
  });

  it('never prints a count the reader may not be entitled to', () => {
    expect(auditSentence(facts('incident.chronology_viewed', { incidents: 40 }))).not.toMatch(/40/);
  });
});
