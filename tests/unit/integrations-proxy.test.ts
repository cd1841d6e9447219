/**
 * The proxy's one exception to its Origin check: POST /api/v1/concerns, called
 * by other servers with a bearer token. Exactly that path: every other
 * state-changing request without a matching Origin is still refused, and the
 * API's responses still get the headers every response gets.
 */
import { NextRequest } from 'next/server';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, setConfigForTests } from '@/lib/config';
import { isMachinePath } from '@/lib/http/origin';
import { proxy } from '@/proxy';

const post = (path: string, headers: Record<string, string> = {}) =>
  proxy(
    new NextRequest(`https://oak-school.haven.test${path}`, {
      method: 'POST',
      headers: { host: 'oak-school.haven.test', ...headers },
      body: '{}',
    }),
  );

describe('the proxy and the integrations API', () => {
  afterAll(() => setConfigForTests(undefined));

  it('lets POST /api/v1/concerns through without an Origin, with the usual headers', () => {
    setConfigForTests(parseConfig({ NODE_ENV: 'production', APP_ROOT_DOMAIN: 'haven.test', APP_PROTOCOL: 'https' }));
    const res = post('/api/v1/concerns', { authorization: 'Bearer hvn_x' });
    expect(res.status).toBe(200); // NextResponse.next(): on to the route handler
    expect(res.headers.get('cache-control')).toBe('no-store, max-age=0');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('still refuses every other path, a look-alike or a different Origin', async () => {
    setConfigForTests(parseConfig({ NODE_ENV: 'production', APP_ROOT_DOMAIN: 'haven.test', APP_PROTOCOL: 'https' }));
    for (const path of ['/api/v1/concerns/', '/api/v1/concerns2', '/api/v1/other', '/admin/integrations']) {
      const res = post(path);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('another site');
    }
    expect(post('/admin/integrations', { origin: 'https://evil.haven.test' }).status).toBe(403);
    expect(isMachinePath('/API/v1/concerns')).toBe(false);
  });
});
