/**
 * A second demo server, started by a spec that needs a root domain other than
 * the shared server's `localhost:<port>`.
 *
 * Why WebAuthn needs it: the RP ID is the root domain's host name, and
 * Chromium lets a page claim an RP ID only if it is a registrable domain
 * suffix of the page's host. A single label such as "localhost" is not, so a
 * school page on northfield.localhost cannot use it (SecurityError), whereas
 * "haven.localhost" is, for northfield.haven.localhost — the same shape as a
 * real deployment (haven.example.org and its school subdomains). Chromium
 * resolves every *.localhost name to loopback and treats it as a secure
 * context, so nothing else changes.
 *
 * It reuses the production build the shared server made (`npm run demo`
 * builds only when the sources changed) and gets its own fresh data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DemoServer {
  rootDomain: string;
  schoolUrl(slug: string, path?: string): string;
  stop(): Promise<void>;
}

/**
 * `dataDir`: a data directory the spec prepared (seeded, and read for ids)
 * before the server takes it over; removed when the server stops, like the
 * fresh one made otherwise.
 */
export async function startDemoServer({
  port,
  rootHost,
  dataDir: prepared,
}: {
  port: number;
  rootHost: string;
  dataDir?: string;
}): Promise<DemoServer> {
  const rootDomain = `${rootHost}:${port}`;
  const dataDir = prepared ?? fs.mkdtempSync(path.join(os.tmpdir(), 'haven-e2e-second-'));
  const child = spawn('npm', ['run', 'demo'], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    env: { ...process.env, PORT: String(port), HAVEN_DATA_DIR: dataDir, APP_ROOT_DOMAIN: rootDomain },
    // Its own process group, so stopping it ends the server it spawns as well.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const server: DemoServer = {
    rootDomain,
    schoolUrl: (slug, p = '/') => `http://${slug}.${rootDomain}${p}`,
    stop: () => stopGroup(child, dataDir),
  };
  const ready = await waitUntilServing(port, `demo.${rootDomain}`, child, 240_000);
  if (!ready) {
    await server.stop();
    throw new Error(`The second demo server did not start on port ${port}.\n${output}`);
  }
  return server;
}

async function stopGroup(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function waitUntilServing(port: number, host: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    const status = await new Promise<number>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/', headers: { host }, timeout: 5_000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.on('timeout', () => req.destroy());
    });
    if (status > 0 && status < 500) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
