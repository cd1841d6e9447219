import { describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config';
import { readPeerStamp } from '@/lib/http/peer-stamp';
import { addressThroughProxies, addressWithoutPort, clientAddress } from '@/lib/http/request-address';
import { isLoopback, normaliseIp, rangeMatcher } from '@/lib/net/ip';

const headers = (h: Record<string, string>) => new Headers(h);
const none = { kind: 'none' } as const;

describe('the client’s address', () => {
  it('with no trusted proxy is the socket’s peer, whatever the forwarding headers say', () => {
    const forged = headers({
      'x-forwarded-for': '203.0.113.66',
      'x-real-ip': '203.0.113.67',
      'cloudfront-viewer-address': '203.0.113.68:443',
      'x-vercel-forwarded-for': '203.0.113.69',
      forwarded: 'for=203.0.113.70',
    });
    expect(clientAddress('198.51.100.4', forged, none)).toBe('198.51.100.4');
    // Rotating the header changes nothing: per-IP throttling keys on the peer.
    for (const n of [1, 2, 3])
      expect(clientAddress('198.51.100.4', headers({ 'x-forwarded-for': `192.0.2.${n}` }), none)).toBe('198.51.100.4');
    // Nothing stamped the peer (plain `next start`): unknown, never the header.
    expect(clientAddress(null, forged, none)).toBeNull();
  });

  it('behind configured proxies walks X-Forwarded-For from the right while the hop is trusted', () => {
    const trusted = { kind: 'ranges', ranges: ['10.0.0.0/8', '2001:db8:aa::/48'] } as const;
    // load balancer 10.0.0.2 appended the client it saw; the client's own entry on the left is ignored
    expect(clientAddress('10.0.0.2', headers({ 'x-forwarded-for': '192.0.2.1, 198.51.100.9' }), trusted)).toBe(
      '198.51.100.9',
    );
    // two proxies of ours
    expect(
      clientAddress('10.0.0.2', headers({ 'x-forwarded-for': '192.0.2.1, 198.51.100.9, 10.1.2.3' }), trusted),
    ).toBe('198.51.100.9');
    expect(clientAddress('2001:db8:aa::5', headers({ 'x-forwarded-for': '2001:DB8:0:0::9' }), trusted)).toBe(
      '2001:db8::9',
    );
    // a peer that is not one of ours: its header is its own word
    expect(clientAddress('198.51.100.20', headers({ 'x-forwarded-for': '10.0.0.1, 192.0.2.1' }), trusted)).toBe(
      '198.51.100.20',
    );
    // no header: the proxy itself
    expect(clientAddress('10.0.0.2', headers({}), trusted)).toBe('10.0.0.2');
    // an entry that is not an address ends the walk at the last trusted hop
    expect(clientAddress('10.0.0.2', headers({ 'x-forwarded-for': 'nonsense, 10.0.0.3' }), trusted)).toBe('10.0.0.3');
    expect(clientAddress('10.0.0.2', headers({ 'x-forwarded-for': '<script>' }), trusted)).toBe('10.0.0.2');
    // unknown peer: unknown
    expect(clientAddress(null, headers({ 'x-forwarded-for': '192.0.2.1' }), trusted)).toBeNull();
  });

  it('reads CloudFront-Viewer-Address with "cloudfront", and only that', () => {
    const cf = { kind: 'cloudfront' } as const;
    expect(
      clientAddress(
        '130.176.1.1',
        headers({ 'cloudfront-viewer-address': '198.51.100.10:46532', 'x-forwarded-for': '192.0.2.1' }),
        cf,
      ),
    ).toBe('198.51.100.10');
    expect(
      clientAddress(
        null,
        headers({ 'cloudfront-viewer-address': '2001:0db8:85a3:0000:0000:8a2e:0370:7334:46532' }),
        cf,
      ),
    ).toBe('2001:db8:85a3::8a2e:370:7334');
    expect(clientAddress(null, headers({ 'x-forwarded-for': '192.0.2.1' }), cf)).toBeNull();
    expect(clientAddress('130.176.1.1', headers({ 'cloudfront-viewer-address': 'garbage' }), cf)).toBe('130.176.1.1');
  });

  it('reads x-real-ip, then x-vercel-forwarded-for, with "vercel"', () => {
    const v = { kind: 'vercel' } as const;
    expect(clientAddress(null, headers({ 'x-real-ip': '198.51.100.11', 'x-forwarded-for': '192.0.2.1' }), v)).toBe(
      '198.51.100.11',
    );
    expect(clientAddress(null, headers({ 'x-vercel-forwarded-for': '198.51.100.12' }), v)).toBe('198.51.100.12');
    expect(clientAddress(null, headers({ 'x-forwarded-for': '192.0.2.1' }), v)).toBeNull();
  });
});

describe('address parsing', () => {
  it('accepts real addresses in one canonical form and nothing else', () => {
    expect(normaliseIp(' 192.0.2.1 ')).toBe('192.0.2.1');
    expect(normaliseIp('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normaliseIp('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseIp('2001:DB8:0000::1')).toBe('2001:db8::1');
    expect(normaliseIp('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(normaliseIp('192.0.2.1:8080')).toBe('192.0.2.1');
    expect(normaliseIp('fe80::1%eth0')).toBe('fe80::1');
    for (const bad of [
      '',
      'unknown',
      '999.1.1.1',
      '01.2.3.4',
      '1.2.3',
      'evil.example',
      '1.2.3.4\u0000',
      '1.2.3.4, 5.6.7.8',
      'x'.repeat(100),
      null,
      undefined,
    ]) {
      expect(normaliseIp(bad as string)).toBeNull();
    }
    expect(addressWithoutPort('198.51.100.10:1')).toBe('198.51.100.10');
    expect(addressWithoutPort('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(addressWithoutPort('198.51.100.10')).toBeNull(); // CloudFront always sends the port
  });

  it('matches CIDR ranges of both families, IPv4-mapped addresses included', () => {
    const m = rangeMatcher(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);
    expect(m('10.255.0.1')).toBe(true);
    expect(m('11.0.0.1')).toBe(false);
    expect(m('192.0.2.7')).toBe(true);
    expect(m('192.0.2.8')).toBe(false);
    expect(m('2001:db8:ffff::1')).toBe(true);
    expect(m('2001:db9::1')).toBe(false);
    expect(m('not an ip')).toBe(false);
    expect(addressThroughProxies('10.0.0.1', '203.0.113.5', m)).toBe('203.0.113.5');
  });

  it('knows loopback', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.1.2.3')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('192.0.2.1')).toBe(false);
    expect(isLoopback('::2')).toBe(false);
    expect(isLoopback(null)).toBe(false);
  });
});

describe('the peer stamp', () => {
  const token = 'k'.repeat(43);
  it('is believed only with this process’s token', () => {
    expect(readPeerStamp(`${token} 127.0.0.1`, token)).toBe('127.0.0.1');
    expect(readPeerStamp(`${token} ::ffff:192.0.2.1`, token)).toBe('::ffff:192.0.2.1');
    expect(readPeerStamp(`${'j'.repeat(43)} 203.0.113.1`, token)).toBeNull(); // forged by a client
    expect(readPeerStamp('203.0.113.1', token)).toBeNull();
    expect(readPeerStamp(`${token} 127.0.0.1`, null)).toBeNull(); // no Haven server: nobody stamps
    expect(readPeerStamp(`${token} `, token)).toBeNull();
    expect(readPeerStamp(null, token)).toBeNull();
  });
});

describe('TRUSTED_PROXIES', () => {
  it('is none by default, and reads the platforms and CIDR lists', () => {
    expect(parseConfig({}).trustedProxies).toEqual({ kind: 'none' });
    expect(parseConfig({ TRUSTED_PROXIES: '' }).trustedProxies).toEqual({ kind: 'none' });
    expect(parseConfig({ TRUSTED_PROXIES: 'CloudFront' }).trustedProxies).toEqual({ kind: 'cloudfront' });
    expect(parseConfig({ TRUSTED_PROXIES: 'vercel' }).trustedProxies).toEqual({ kind: 'vercel' });
    expect(parseConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.7 ,2001:db8::/32' }).trustedProxies).toEqual({
      kind: 'ranges',
      ranges: ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32'],
    });
  });

  it('refuses anything else with one line naming the variable', () => {
    for (const bad of [
      '*',
      'true',
      '10.0.0.0/33',
      '10.0.0.0/8,',
      'proxy.internal',
      '10.0.0.0/8/1',
      '2001:db8::/129',
      'cloudfront,vercel',
    ]) {
      expect(() => parseConfig({ TRUSTED_PROXIES: bad })).toThrow(
        /TRUSTED_PROXIES: must be "cloudfront", "vercel", or addresses and CIDR ranges/,
      );
    }
  });
});
