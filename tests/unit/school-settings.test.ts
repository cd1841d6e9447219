import { describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY_MESSAGE, readSchoolSettings } from '@/lib/settings/school-settings';
import { createSchoolInput } from '@/lib/schools/schema';

describe('school settings', () => {
  it('defaults everything for an empty document', () => {
    const s = readSchoolSettings({});
    expect(s.idleTimeoutMinutes).toBe(15);
    expect(s.securityMessage).toBe(DEFAULT_SECURITY_MESSAGE);
    expect(s.trainingMode).toBe(false);
  });
  it('keeps valid values and defaults invalid ones', () => {
    const s = readSchoolSettings({ idleTimeoutMinutes: 5, nameOrder: 'sideways', enforceAlert: true });
    expect(s.idleTimeoutMinutes).toBe(5);
    expect(s.nameOrder).toBe('first-last');
    expect(s.enforceAlert).toBe(true);
  });
  it('survives garbage', () => {
    expect(readSchoolSettings(null).idleTimeoutMinutes).toBe(15);
    expect(readSchoolSettings('x').idleTimeoutMinutes).toBe(15);
  });
});

describe('new school input', () => {
  it('normalises and validates the address', () => {
    expect(createSchoolInput.parse({ slug: ' Demo ', name: 'Demo Academy' })).toMatchObject({
      slug: 'demo',
      timeZone: 'Europe/London',
    });
    expect(createSchoolInput.safeParse({ slug: 'www', name: 'X School' }).success).toBe(false);
    expect(createSchoolInput.safeParse({ slug: 'a_b', name: 'X School' }).success).toBe(false);
    expect(createSchoolInput.safeParse({ slug: 'ok', name: 'X School', timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(createSchoolInput.safeParse({ slug: 'ok', name: 'X School', extra: 1 }).success).toBe(false);
  });
});
