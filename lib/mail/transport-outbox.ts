/**
 * The development default: delivers nowhere. The message already sits in the
 * outbox table (it was queued there before any transport ran), and /dev/mail
 * shows that table, so "sending" only has to succeed and name the delivery.
 */
import { randomUUID } from 'node:crypto';
import { assertSendable } from './transport-validate';
import type { MailMessage, MailTransport } from './types';

export function createOutboxTransport(): MailTransport {
  return {
    name: 'outbox',
    async send(msg: MailMessage) {
      assertSendable(msg);
      return { providerMessageId: `outbox-${randomUUID()}` };
    },
  };
}
