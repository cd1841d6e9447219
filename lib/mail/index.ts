/**
 * lib/mail — email as rows in the outbox, written in the same transaction as
 * what they tell (outbox.ts), delivered by the outbox-send job through the
 * configured transport (SES, or kept in the outbox), and the development
 * mailbox that shows what would have been sent (dev-mail.ts).
 */
import 'server-only';

export { isDevMailboxEnabled, listDevMail, mayReadDevMailbox, type DevMailMessage } from './dev-mail';
