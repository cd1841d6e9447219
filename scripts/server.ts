/**
 * `npm start` (and the demo): Haven's production web server. It is Next.js's
 * own request handler behind a plain Node HTTP server, for one reason: Next.js
 * tells pages and actions nothing about the socket a request came in on, and
 * the header it fills from the socket (X-Forwarded-For) keeps whatever the
 * client sent. This server stamps the socket's peer address on every request
 * (lib/http/peer-stamp.ts), so per-IP throttling and the logs see the real
 * address unless TRUSTED_PROXIES names a proxy in front.
 *
 *   tsx scripts/server.ts [--port N] [--hostname H] [--dev]
 *
 * Defaults: $PORT or 3000, all interfaces, the production build (`--dev`:
 * Next's development server with hot reload, for `npm run dev`).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';
import { stampPeer } from '@/lib/http/peer-stamp';

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, hostname: { type: 'string' }, dev: { type: 'boolean', default: false } },
  });
  const dev = values.dev === true;
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`Not a port: ${values.port ?? process.env.PORT}`);
  const hostname = values.hostname;

  // A fresh token each start, known only to this process: the app (lib/config.ts)
  // reads it from the environment and ignores a stamp without it.
  const token = randomBytes(32).toString('base64url');
  process.env.HAVEN_PEER_TOKEN = token;
  (process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? 'development' : 'production';

  const app = next({ dev, dir: process.cwd(), hostname: hostname ?? 'localhost', port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = http.createServer((req, res) => {
    stampPeer(req, token);
    handle(req, res).catch((e: unknown) => {
      console.error('[server] request failed', e);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  // Hot reload's WebSocket in development; nothing else upgrades.
  const upgrade = app.getUpgradeHandler();
  server.on('upgrade', (req, socket, head) => {
    stampPeer(req, token);
    upgrade(req, socket, head).catch(() => socket.destroy());
  });
  server.listen(port, hostname, () => {
    console.log(`Haven is listening on http://${hostname ?? '0.0.0.0'}:${port}`);
  });

  // Like `next start`: stop at once on a signal (the embedded database's lock is released on exit).
  const stop = (code: number) => () => {
    server.close();
    server.closeAllConnections();
    process.exit(code);
  };
  process.on('SIGINT', stop(130));
  process.on('SIGTERM', stop(143));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
