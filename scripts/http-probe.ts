/** HTTP to a local Haven server naming the host in the Host header (fetch cannot set Host). */
import http from 'node:http';

export function getOnce(
  port: number,
  hostHeader: string,
  path = '/',
  headers: Record<string, string> = {},
): Promise<{ status: number; ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, headers: { host: hostHeader, ...headers }, timeout: 30_000 },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes }));
      },
    );
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started, bytes: 0 }));
    req.on('timeout', () => req.destroy());
  });
}

export async function waitForServer(port: number, hostHeader: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { status } = await getOnce(port, hostHeader);
    if (status > 0 && status < 500) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** GET returning the body as well, for cases that read what a page ships. */
export function getBody(
  port: number,
  hostHeader: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, headers: { host: hostHeader, ...headers }, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
  });
}
