import { describe, expect, it } from 'vitest';
import { parseHost, schoolOrigin } from '@/lib/tenancy/host';
import { isAllowedOrigin, isStateChanging } from '@/lib/http/origin';
import { buildCsp } from '@/lib/http/csp';

describe('parseHost', () => {
  const root = 'localhost:3000';
  it.each([
    ['demo.localhost:3000', { kind: 'school', slug: 'demo' }],
    ['Northfield.LOCALHOST:3000', { kind: 'school', slug: 'northfield' }],
    ['st-marys.localhost:3000', { kind: 'school', slug: 'st-marys' }],
    ['localhost:3000', { kind: 'root' }],
    ['demo.localhost:3001', { kind: 'unknown' }],
    ['a.b.localhost:3000', { kind: 'unknown' }],
    ['evil.com', { kind: 'unknown' }],
    ['demo.localhost:3000.evil.com', { kind: 'unknown' }],
    ['www.localhost:3000', { kind: 'unknown' }],
    ['-bad.localhost:3000', { kind: 'unknown' }],
    ['', { kind: 'unknown' }],
  ])('%s', (host, expected) => {
    expect(parseHost(host, root)).toEqual(expected);
  });
  it('handles a production root', () => {
    expect(parseHost('demo.haven.example.org', 'haven.example.org')).toEqual({ kind: 'school', slug: 'demo' });
    expect(schoolOrigin('demo', 'haven.example.org', 'https')).toBe('https://demo.haven.example.org');
  });
});

describe('origin check', () => {
  it('accepts only the exact origin of the host', () => {
    expect(isAllowedOrigin('http://demo.localhost:3000', 'demo.localhost:3000', 'http')).toBe(true);
    expect(isAllowedOrigin('http://northfield.localhost:3000', 'demo.localhost:3000', 'http')).toBe(false);
    expect(isAllowedOrigin('https://demo.localhost:3000', 'demo.localhost:3000', 'http')).toBe(false);
    expect(isAllowedOrigin(null, 'demo.localhost:3000', 'http')).toBe(false);
    expect(isAllowedOrigin('null', 'demo.localhost:3000', 'http')).toBe(false);
  });
  it('treats everything but GET, HEAD and OPTIONS as state-changing', () => {
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].every(isStateChanging)).toBe(true);
    expect(['GET', 'head', 'OPTIONS'].some(isStateChanging)).toBe(false);
  });
});

describe('content security policy', () => {
  it('has a nonce, no unsafe-eval in production, and the baseline directives', () => {
    const csp = buildCsp('abc', { production: true, protocol: 'https', rootDomain: 'haven.example.org' });
    expect(csp).toContain(`script-src 'self' 'nonce-abc' 'strict-dynamic'`);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`object-src 'none'`);
    expect(csp).toContain(`base-uri 'none'`);
    expect(csp).toContain(`frame-ancestors 'none'`);
    expect(csp).toContain('upgrade-insecure-requests');
  });
  it('allows eval only in development and never upgrades plain-http local installs', () => {
    const csp = buildCsp('abc', { production: false, protocol: 'http', rootDomain: 'localhost:3000' });
    expect(csp).toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});
