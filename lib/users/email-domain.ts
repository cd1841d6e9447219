/**
 * The school's email-domain whitelist (setting `emailDomainWhitelist`): when it
 * lists any domain, staff addresses must be at one of them exactly. A
 * sub-domain does not count, so "school.org" does not admit "mail.evil.school.org".
 */
import { UserError } from '@/lib/errors';

const normalise = (domain: string) => domain.trim().toLowerCase().replace(/^@/, '');

export function isEmailDomainAllowed(email: string, whitelist: readonly string[]): boolean {
  const allowed = whitelist.map(normalise).filter(Boolean);
  if (allowed.length === 0) return true;
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  return allowed.includes(normalise(email.slice(at + 1)));
}

/** Refuses an address outside the whitelist, with the message next to the email field. */
export function assertEmailDomainAllowed(email: string, whitelist: readonly string[], field = 'email'): void {
  if (isEmailDomainAllowed(email, whitelist)) return;
  const list = whitelist.map(normalise).filter(Boolean).join(', ');
  const message = `This school only allows addresses at ${list}.`;
  throw new UserError(message, { [field]: [message] });
}
