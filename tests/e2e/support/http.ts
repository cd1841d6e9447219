/**
 * Raw HTTP to the test server with an explicit Host header. Node cannot resolve
 * *.localhost (only Chromium maps it to loopback), so requests go to 127.0.0.1
 * and name the school in Host, exactly as a browser's request would.
 */
import http from 'node:http';

const port = Number(process.env.E2E_PORT ?? 3217);

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawRequest(opts: {
  host: string; // e.g. 'demo.localhost' — the port is added
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: opts.path ?? '/',
        method: opts.method ?? 'GET',
        headers: { host: opts.host.includes(':') ? opts.host : `${opts.host}:${port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
