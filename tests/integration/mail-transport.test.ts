/**
 * Mail transports: SES through the real SDK over HTTP against a fake SESv2
 * server, the outbox driver, and choosing the driver from configuration.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, setConfigForTests } from '@/lib/config';
import {
  createMailTransport,
  createOutboxTransport,
  createSesTransport,
  getMailTransport,
  type MailTransport,
} from '@/lib/mail/transport';
import { FAKE_SES_CREDENTIALS, startFakeSes, type FakeSes } from '../support/ses-fake-server';

let ses: FakeSes;
let transport: MailTransport;
const FROM = 'Haven <alerts@haven.example.org>';

beforeAll(async () => {
  ses = await startFakeSes();
  transport = createSesTransport(
    { from: FROM, sesRegion: 'eu-west-2', sesEndpoint: ses.endpoint },
    { credentials: { ...FAKE_SES_CREDENTIALS } },
  );
});
afterAll(async () => {
  await ses?.close();
});
afterEach(() => {
  ses.failWith(null);
  ses.requests.length = 0;
  setConfigForTests(undefined);
});

describe('SES transport', () => {
  it('sends one SendEmail request with sender, recipient, subject and both bodies, and returns its MessageId', async () => {
    const result = await transport.send({
      to: 'dsl@school.example.org',
      subject: 'New concern raised — Year 7',
      text: 'A concern was raised by J. Smith (category: Neglect).\nSign in: https://oak.haven.example.org/login',
      html: '<p>A concern was raised by J. Smith.</p>',
    });

    expect(ses.requests).toHaveLength(1);
    const req = ses.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v2/email/outbound-emails');
    expect(String(req.headers.authorization)).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${FAKE_SES_CREDENTIALS.accessKeyId}/\\d{8}/eu-west-2/ses/aws4_request`),
    );
    expect(req.body).toEqual({
      FromEmailAddress: FROM,
      Destination: { ToAddresses: ['dsl@school.example.org'] },
      Content: {
        Simple: {
          Subject: { Data: 'New concern raised — Year 7', Charset: 'UTF-8' },
          Body: {
            Text: {
              Data: 'A concern was raised by J. Smith (category: Neglect).\nSign in: https://oak.haven.example.org/login',
              Charset: 'UTF-8',
            },
            Html: { Data: '<p>A concern was raised by J. Smith.</p>', Charset: 'UTF-8' },
          },
        },
      },
    });
    expect(result.providerMessageId).toBe(req.messageId);
  });

  it('sends a text-only message without an HTML part', async () => {
    await transport.send({ to: 'a@b.example', subject: 'Hi', text: 'Plain only' });
    const body = ses.requests[0]!.body as { Content: { Simple: { Body: Record<string, unknown> } } };
    expect(Object.keys(body.Content.Simple.Body)).toEqual(['Text']);
  });

  it('rejects when SES answers 500, so the outbox retries the message', async () => {
    ses.failWith(500);
    await expect(transport.send({ to: 'a@b.example', subject: 'Hi', text: 'x' })).rejects.toThrow();
    expect(ses.requests.length).toBeGreaterThanOrEqual(1); // the SDK may retry a 500 before giving up
  });

  it('rejects when SES refuses the request (400)', async () => {
    ses.failWith(400);
    await expect(transport.send({ to: 'a@b.example', subject: 'Hi', text: 'x' })).rejects.toThrow();
  });

  it('refuses header injection and malformed messages before calling SES', async () => {
    const bad = [
      { to: 'a@b.example\r\nBcc: everyone@evil.example', subject: 'Hi', text: 'x' },
      { to: 'a@b.example, c@d.example', subject: 'Hi', text: 'x' },
      { to: 'not-an-address', subject: 'Hi', text: 'x' },
      { to: 'a@b.example', subject: 'Hi\r\nBcc: x@evil.example', text: 'x' },
      { to: 'a@b.example', subject: '   ', text: 'x' },
      { to: 'a@b.example', subject: 'Hi', text: '' },
    ];
    for (const msg of bad) await expect(transport.send(msg)).rejects.toThrow();
    expect(ses.requests).toHaveLength(0);
  });
});

describe('outbox transport', () => {
  it('delivers nowhere and names each delivery uniquely', async () => {
    const outbox = createOutboxTransport();
    expect(outbox.name).toBe('outbox');
    const a = await outbox.send({ to: 'a@b.example', subject: 'Hi', text: 'x' });
    const b = await outbox.send({ to: 'a@b.example', subject: 'Hi', text: 'x' });
    expect(a.providerMessageId).toMatch(/^outbox-[0-9a-f-]{36}$/);
    expect(a.providerMessageId).not.toBe(b.providerMessageId);
    await expect(outbox.send({ to: 'a@b.example', subject: 'x\nBcc: y@z.example', text: 'x' })).rejects.toThrow();
  });
});

describe('createMailTransport / getMailTransport', () => {
  it('uses the outbox by default and caches the transport per configuration', () => {
    setConfigForTests(parseConfig({ NODE_ENV: 'test' }));
    const t = getMailTransport();
    expect(t.name).toBe('outbox');
    expect(getMailTransport()).toBe(t);
    setConfigForTests(parseConfig({ NODE_ENV: 'test', MAIL_DRIVER: 'ses' }));
    expect(getMailTransport().name).toBe('ses');
  });

  it('builds SES from MAIL_FROM, SES_REGION and SES_ENDPOINT', async () => {
    const cfg = parseConfig({
      NODE_ENV: 'test',
      MAIL_DRIVER: 'ses',
      MAIL_FROM: 'Haven <no-reply@haven.example.org>',
      SES_REGION: 'eu-west-1',
      SES_ENDPOINT: ses.endpoint,
    }).mail;
    const t = createMailTransport(cfg, { credentials: { ...FAKE_SES_CREDENTIALS } });
    await t.send({ to: 'x@y.example', subject: 'S', text: 'T' });
    expect((ses.requests[0]!.body as { FromEmailAddress: string }).FromEmailAddress).toBe(
      'Haven <no-reply@haven.example.org>',
    );
    expect(String(ses.requests[0]!.headers.authorization)).toContain('/eu-west-1/ses/aws4_request');
  });
});
