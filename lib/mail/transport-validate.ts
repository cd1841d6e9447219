import type { MailMessage } from './types';

// Deliberately simple: one address, no display name, no spaces or angle brackets.
const ADDRESS = /^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+\.[^\s@<>()",;:\\]+$/;
const LINE_BREAK_OR_CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks a message before any transport sees it. `to` and `subject` end up in
 * mail headers, so a line break there could inject headers or recipients; one
 * recipient per message keeps each school's alerts addressed individually.
 * The same check runs for every driver, so the outbox in development refuses
 * exactly what SES would be given in production.
 */
export function assertSendable(msg: MailMessage): void {
  if (typeof msg.to !== 'string' || !ADDRESS.test(msg.to) || msg.to.length > 254) {
    throw new Error(`Not a single email address: ${JSON.stringify(String(msg.to).slice(0, 80))}`);
  }
  if (typeof msg.subject !== 'string' || msg.subject.trim() === '' || LINE_BREAK_OR_CONTROL.test(msg.subject)) {
    throw new Error('Email subject must be one non-empty line');
  }
  if (typeof msg.text !== 'string' || msg.text === '') throw new Error('Email needs a plain-text body');
  if (msg.html !== undefined && typeof msg.html !== 'string') throw new Error('Email HTML body must be a string');
}
