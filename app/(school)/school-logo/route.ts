/**
 * GET → this school's logo, for its sign-in page and Admin → School settings.
 * The school comes from the Host header only (another school's host answers
 * with its own logo or nothing; the root domain and unknown schools are the
 * 404 page), and the route takes no id, so nothing here can name another
 * school's file. The logo is public to whoever can open the sign-in page.
 */
import { getCtx, plainResponse } from '@/lib/http';
import { loadSchoolLogo } from '@/lib/files';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const ctx = await getCtx();
  const logo = await loadSchoolLogo(ctx);
  if (!logo) return plainResponse(404, 'This school has no logo.');
  return new Response(logo.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': logo.contentType,
      'content-length': String(logo.bytes.length),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // Opened directly, it is an image and nothing else.
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'content-disposition': 'inline; filename="logo"',
    },
  });
}
