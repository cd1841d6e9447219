/**
 * The peer address over a real socket: a server that does what scripts/server.ts
 * does to each request (stamp the peer) and then what getRequestMeta does with
 * the headers (requestAddress), asked by clients on 127.0.0.1 that forge every
 * forwarding header, the internal stamp included.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedProxies } from '@/lib/config';
import { PEER_HEADER, stampPeer } from '@/lib/http/peer-stamp';
import { requestAddress } from '@/lib/http/request-address';

const token = 't'.repeat(43);
let trustedProxies: TrustedProxies = { kind: 'none' };
let stamping = true;
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (stamping) stampPeer(req, token);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    res.end(JSON.stringify({ ip: requestAddress(headers, { trustedProxies, peerToken: stamping ? token : null }) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function ipSeen(headers: Record<string, string>): Promise<string | null> {
  const res = await fetch(`http://127.0.0.1:${port}/`, { headers });
  return ((await res.json()) as { ip: string | null }).ip;
}

describe('a client on 127.0.0.1 forging its address', () => {
  it('is seen at its socket address with no trusted proxy', async () => {
    trustedProxies = { kind: 'none' };
    for (const n of [1, 2, 3]) {
      expect(
        await ipSeen({
          'x-forwarded-for': `203.0.113.${n}`,
          'x-real-ip': '203.0.113.9',
          'cloudfront-viewer-address': '203.0.113.9:1',
        }),
      ).toBe('127.0.0.1');
    }
    // The internal header itself, forged with a guessed token or none.
    expect(await ipSeen({ [PEER_HEADER]: `${'x'.repeat(43)} 203.0.113.50` })).toBe('127.0.0.1');
    expect(await ipSeen({ [PEER_HEADER]: `${token} 203.0.113.51` })).toBe('127.0.0.1'); // even the right token: the server overwrites it
  });

  it('is trusted only when its address is a configured proxy', async () => {
    trustedProxies = { kind: 'ranges', ranges: ['10.0.0.0/8'] };
    expect(await ipSeen({ 'x-forwarded-for': '203.0.113.7' })).toBe('127.0.0.1');
    trustedProxies = { kind: 'ranges', ranges: ['127.0.0.1/32'] };
    expect(await ipSeen({ 'x-forwarded-for': '192.0.2.1, 203.0.113.7' })).toBe('203.0.113.7');
  });

  it('is unknown, never the header, where nothing stamps the peer (plain `next start`)', async () => {
    stamping = false;
    trustedProxies = { kind: 'none' };
    try {
      expect(await ipSeen({ 'x-forwarded-for': '203.0.113.8', [PEER_HEADER]: `${token} 203.0.113.8` })).toBeNull();
    } finally {
      stamping = true;
    }
  });
});
