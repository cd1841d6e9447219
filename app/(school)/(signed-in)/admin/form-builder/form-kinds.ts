import type { FormKind } from '@/lib/settings';
import { FORM_KINDS } from '@/lib/settings';

export const FORM_TITLES: Record<FormKind, string> = {
  incident: 'Incident form',
  action: 'Action form',
  student: 'Student form',
};

/** The form named in the address; the incident form when none (or nonsense) is. */
export function formOf(v: string | string[] | undefined): FormKind {
  const p = Array.isArray(v) ? v[0] : v;
  return (FORM_KINDS as readonly string[]).includes(p ?? '') ? (p as FormKind) : 'incident';
}
