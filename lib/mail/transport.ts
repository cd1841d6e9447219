/**
 * Mail delivery: the one place that picks the transport (outbox or SES) from
 * validated configuration. Callers queue mail in the outbox table
 * (./outbox.ts); the outbox-send job delivers it through `getMailTransport()`.
 */
import { getConfig, type Config } from '../config';
import { createOutboxTransport } from './transport-outbox';
import { createSesTransport, type SesClientOverrides } from './transport-ses';
import type { MailTransport } from './types';

export type { MailMessage, MailTransport } from './types';
export { createOutboxTransport } from './transport-outbox';
export { createSesTransport, type SesClientOverrides } from './transport-ses';
export { assertSendable } from './transport-validate';

export function createMailTransport(cfg: Config['mail'], sesOverrides?: SesClientOverrides): MailTransport {
  switch (cfg.driver) {
    case 'outbox':
      return createOutboxTransport();
    case 'ses':
      return createSesTransport(cfg, sesOverrides);
  }
}

let cached: { cfg: Config['mail']; transport: MailTransport } | undefined;

/** The process's mail transport, cached per configuration object (tests may swap the configuration). */
export function getMailTransport(): MailTransport {
  const cfg = getConfig().mail;
  if (cached?.cfg !== cfg) cached = { cfg, transport: createMailTransport(cfg) };
  return cached.transport;
}
