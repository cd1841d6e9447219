/**
 * The control socket of the process that owns the embedded database. Command-
 * line tools started while the demo runs cannot open the PGlite directory
 * themselves (two processes on one directory corrupt it), so they send their
 * command here and this process runs it. A Unix socket with mode 0600 in the
 * data directory: only the same local user can reach it.
 */
import 'server-only';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { runCommand } from './commands';

export const controlSocketPath = (dataDir: string) => path.join(dataDir, 'control.sock');
export const EXIT_MARKER = '\u0000exit:';

export async function startControlServer(dataDir: string): Promise<{ close: () => Promise<void> }> {
  const socketPath = controlSocketPath(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  // We hold the database lock, so a socket file left here belongs to a dead process.
  fs.rmSync(socketPath, { force: true });
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/run') {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > 64_000) req.destroy();
    });
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      let code = 1;
      try {
        const { argv } = JSON.parse(body) as { argv: unknown };
        if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) throw new Error('bad request');
        code = await runCommand(argv, { log: (line) => res.write(`${line}\n`) });
      } catch (e) {
        res.write(`${e instanceof Error ? e.message : String(e)}\n`);
      }
      res.end(`${EXIT_MARKER}${code}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  server.unref();
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(socketPath, { force: true });
      }),
  };
}
