/**
 * IP addresses as Haven reads them from sockets and headers: one canonical
 * form, CIDR ranges, loopback. Pure, and below everything else in lib/ (the
 * configuration validates TRUSTED_PROXIES with it).
 */
import { BlockList, isIP } from 'node:net';

/** One IP address in a canonical form (IPv4-mapped IPv6 as IPv4, IPv6 lower case, compressed), or null. */
export function normaliseIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.trim();
  if (s.length === 0 || s.length > 64) return null;
  // "[v6]:port" and "[v6]"
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  // "v4:port" (some proxies append the port)
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(s);
  if (v4port) s = v4port[1]!;
  s = s.replace(/%[0-9A-Za-z._~-]+$/, ''); // an IPv6 zone names a local interface, not a client
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(s);
  if (mapped) s = mapped[1]!;
  const version = isIP(s);
  if (version === 4) return s;
  if (version === 6) {
    try {
      return new URL(`http://[${s}]`).hostname.slice(1, -1);
    } catch {
      return null;
    }
  }
  return null;
}

/** An address or CIDR range ("10.0.0.0/8", "2001:db8::/32", "192.0.2.7"), or null when it is not one. */
export function parseCidr(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [addr, prefixText, extra] = entry.trim().split('/');
  if (extra !== undefined || !addr) return null;
  const version = isIP(addr);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address: addr, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** A membership test over address ranges (entries that are not one are ignored: lib/config refuses them). */
export function rangeMatcher(ranges: readonly string[]): (ip: string) => boolean {
  const list = new BlockList();
  for (const r of ranges) {
    const p = parseCidr(r);
    if (p) list.addSubnet(p.address, p.prefix, p.family);
  }
  return (ip) => {
    const v = isIP(ip);
    return v !== 0 && list.check(ip, v === 4 ? 'ipv4' : 'ipv6');
  };
}

/** This machine: 127.0.0.0/8 or ::1 (an IPv4-mapped form is normalised to IPv4 first). */
export function isLoopback(ip: string | null): boolean {
  if (!ip) return false;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}
