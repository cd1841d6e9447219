/**
 * Host → tenant. `<slug>.<root domain>` is a school; the bare root domain is the
 * school finder; anything else is unknown. Pure, so the proxy, the request
 * context and the tests share one rule.
 */
export type HostTarget = { kind: 'root' } | { kind: 'school'; slug: string } | { kind: 'unknown' };

/** Slugs: lower-case letters, digits and single hyphens, 2–40 characters, not starting or ending with a hyphen. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,39}$/;

/** Names that can never be a school, so they stay free for the platform. */
export const RESERVED_SLUGS = new Set([
  'www',
  'api',
  'app',
  'admin',
  'mail',
  'static',
  'assets',
  'root',
  'sso',
  'login',
]);

export function parseHost(hostHeader: string | null | undefined, rootDomain: string): HostTarget {
  if (!hostHeader) return { kind: 'unknown' };
  const host = hostHeader.trim().toLowerCase();
  const root = rootDomain.toLowerCase();
  if (host === root) return { kind: 'root' };
  if (!host.endsWith(`.${root}`)) return { kind: 'unknown' };
  const slug = host.slice(0, -(root.length + 1));
  if (!SLUG_PATTERN.test(slug) || RESERVED_SLUGS.has(slug)) return { kind: 'unknown' };
  return { kind: 'school', slug };
}

export function schoolOrigin(slug: string, rootDomain: string, protocol: 'http' | 'https'): string {
  return `${protocol}://${slug}.${rootDomain}`;
}

export function rootOrigin(rootDomain: string, protocol: 'http' | 'https'): string {
  return `${protocol}://${rootDomain}`;
}
