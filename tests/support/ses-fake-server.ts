/**
 * A tiny fake Amazon SES v2 on 127.0.0.1 for the SES transport tests: it
 * answers SendEmail (REST-JSON, POST /v2/email/outbound-emails) with a new
 * MessageId and records every request, or fails with a chosen status.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_SES_CREDENTIALS = { accessKeyId: 'AKIAFAKESESTEST', secretAccessKey: 'fake-ses-secret' } as const;

export interface SesRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown; // parsed JSON
  messageId?: string; // set when the fake answered 200
}

export interface FakeSes {
  endpoint: string;
  requests: SesRequest[];
  /** From now on answer every request with this status (500 = SES internal error); null = succeed. */
  failWith(status: number | null): void;
  close(): Promise<void>;
}

export async function startFakeSes(): Promise<FakeSes> {
  const requests: SesRequest[] = [];
  let failure: number | null = null;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const record: SesRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: raw ? (JSON.parse(raw) as unknown) : undefined,
      };
      requests.push(record);
      const json = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...extra });
        res.end(JSON.stringify(payload));
      };
      if (failure !== null) {
        json(failure, { message: 'Simulated SES failure' }, { 'x-amzn-errortype': 'InternalFailure' });
        return;
      }
      if (record.method !== 'POST' || record.path !== '/v2/email/outbound-emails') {
        json(
          404,
          { message: `No route for ${record.method} ${record.path}` },
          { 'x-amzn-errortype': 'NotFoundException' },
        );
        return;
      }
      record.messageId = `fake-${randomUUID()}`;
      json(200, { MessageId: record.messageId });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    failWith(status) {
      failure = status;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
