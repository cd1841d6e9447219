/** One email as the transports send it. Alert emails never carry record content (see DESIGN "Mail"). */
export interface MailMessage {
  to: string; // a single address
  subject: string;
  text: string;
  html?: string;
}

/** Delivers one message; rejects on any failure so the outbox job can retry it. */
export interface MailTransport {
  name: 'outbox' | 'ses';
  send(msg: MailMessage): Promise<{ providerMessageId: string }>;
}
