/**
 * Amazon SES (v2 API) SendEmail. Credentials come from the SDK's default chain
 * (the Lambda or instance role); `sesEndpoint` points it at a VPC endpoint or a
 * test server.
 */
import { SESv2Client, SendEmailCommand, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import type { Config } from '../config';
import { assertSendable } from './transport-validate';
import type { MailMessage, MailTransport } from './types';

/** SDK settings that do not come from Haven's configuration (tests pass static credentials here). */
export interface SesClientOverrides {
  credentials?: SESv2ClientConfig['credentials'];
}

export function createSesTransport(
  cfg: Pick<Config['mail'], 'from' | 'sesRegion' | 'sesEndpoint'>,
  overrides: SesClientOverrides = {},
): MailTransport {
  const clientConfig: SESv2ClientConfig = { region: cfg.sesRegion };
  if (cfg.sesEndpoint) clientConfig.endpoint = cfg.sesEndpoint;
  if (overrides.credentials) clientConfig.credentials = overrides.credentials;
  const client = new SESv2Client(clientConfig);

  return {
    name: 'ses',
    async send(msg: MailMessage) {
      assertSendable(msg);
      const res = await client.send(
        new SendEmailCommand({
          FromEmailAddress: cfg.from,
          Destination: { ToAddresses: [msg.to] },
          Content: {
            Simple: {
              Subject: { Data: msg.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: msg.text, Charset: 'UTF-8' },
                ...(msg.html !== undefined ? { Html: { Data: msg.html, Charset: 'UTF-8' } } : {}),
              },
            },
          },
        }),
      );
      // Without an id SES has not accepted the message: report failure so the outbox retries it.
      if (!res.MessageId) throw new Error('SES accepted the request but returned no MessageId');
      return { providerMessageId: res.MessageId };
    },
  };
}
