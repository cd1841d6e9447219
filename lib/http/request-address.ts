/**
 * The address a request came from, for per-IP throttling and for the audit
 * and security logs. A header is the client's own word unless something the
 * deployment trusts wrote it, so:
 *
 * - with no trusted proxies (the default) the socket's peer address counts,
 *   whatever X-Forwarded-For says. Next.js exposes no peer address, so Haven's
 *   server (scripts/server.ts) stamps it on every request it receives (see
 *   peer-stamp.ts); where nothing stamped it, the address is unknown (null),
 *   never a header a client could have chosen;
 * - behind proxies given as addresses or CIDR ranges, X-Forwarded-For is read
 *   from the right, one hop at a time, only while the hop that handed the
 *   request on is one of them (the peer first);
 * - "cloudfront" reads CloudFront-Viewer-Address, which CloudFront itself sets
 *   (when the origin request policy asks for it); "vercel" reads x-real-ip
 *   (what @vercel/functions' ipAddress() reads) or x-vercel-forwarded-for,
 *   which Vercel's edge overwrites.
 *
 * Pure: no Next.js, so it is unit-tested with forged headers.
 */
import type { Config, TrustedProxies } from '@/lib/config';
import { normaliseIp, rangeMatcher } from '@/lib/net/ip';
import { PEER_HEADER, readPeerStamp } from './peer-stamp';

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * "ip:port" as CloudFront-Viewer-Address carries it ("198.51.100.10:46532",
 * "2001:db8::1:46532": the port is always there, after the last colon), or
 * "[v6]:port".
 */
export function addressWithoutPort(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim();
  const bracketed = /^\[([^\]]+)\]:\d{1,5}$/.exec(s);
  if (bracketed) return normaliseIp(bracketed[1]);
  const m = /^(.+):\d{1,5}$/.exec(s);
  return m ? normaliseIp(m[1]) : null;
}

const MAX_HOPS = 20;

/**
 * Walks X-Forwarded-For from the right while the address that handed the
 * request on is trusted: the first untrusted hop is the client. An entry that
 * is not an address stops the walk at the last trusted hop (a client can write
 * anything to the left of what the proxies appended).
 */
export function addressThroughProxies(
  peer: string | null,
  forwardedFor: string | null,
  trusted: (ip: string) => boolean,
): string | null {
  if (!peer) return null;
  let current = peer;
  const hops = (forwardedFor ?? '').split(',').slice(-MAX_HOPS);
  for (let i = hops.length - 1; i >= 0 && trusted(current); i--) {
    const hop = normaliseIp(hops[i]);
    if (!hop) break;
    current = hop;
  }
  return current;
}

/**
 * The client's address. `peer` is the socket's address as Haven's server
 * stamped it (null when nothing did); `headers` are the request's.
 */
export function clientAddress(peer: string | null, headers: HeaderSource, trusted: TrustedProxies): string | null {
  switch (trusted.kind) {
    case 'none':
      return peer;
    case 'cloudfront':
      return addressWithoutPort(headers.get('cloudfront-viewer-address')) ?? peer;
    case 'vercel':
      return (
        normaliseIp(headers.get('x-real-ip')) ??
        normaliseIp(headers.get('x-vercel-forwarded-for')?.split(',')[0]) ??
        peer
      );
    case 'ranges':
      return addressThroughProxies(peer, headers.get('x-forwarded-for'), rangeMatcher(trusted.ranges));
  }
}

/** The client's address of a request as Haven's server handed it on: its peer stamp, then the configured proxies. */
export function requestAddress(
  headers: HeaderSource,
  config: Pick<Config, 'trustedProxies' | 'peerToken'>,
): string | null {
  const peer = normaliseIp(readPeerStamp(headers.get(PEER_HEADER), config.peerToken));
  return clientAddress(peer, headers, config.trustedProxies);
}
