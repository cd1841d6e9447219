/**
 * How the socket's peer address reaches pages, actions and the proxy. Next.js
 * gives them headers only, and the one it fills from the socket
 * (X-Forwarded-For) keeps whatever the client sent. So Haven's server
 * (scripts/server.ts) writes this header on every request it receives,
 * replacing any the client sent, with a token it made at start-up and handed
 * to the app through the environment (HAVEN_PEER_TOKEN). A stamp without that
 * token is a client's forgery and is ignored (and dropped by proxy.ts); a
 * server that stamps nothing (plain `next start`) leaves the address unknown.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const PEER_HEADER = 'x-haven-peer';

/** Replaces whatever the client sent in PEER_HEADER with the socket's own address. */
export function stampPeer(req: IncomingMessage, token: string): void {
  req.headers[PEER_HEADER] = `${token} ${req.socket.remoteAddress ?? ''}`;
}

/** The peer address of a stamp made with this process's token; null for no stamp, a forged one, or no token. */
export function readPeerStamp(value: string | null | undefined, token: string | null): string | null {
  if (!value || !token) return null;
  const space = value.indexOf(' ');
  if (space < 0) return null;
  const given = Buffer.from(value.slice(0, space));
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const address = value.slice(space + 1).trim();
  return address.length > 0 ? address : null;
}
