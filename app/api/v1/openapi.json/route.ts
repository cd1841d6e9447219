import { OPENAPI_DOCUMENT } from '@/lib/integrations';

export function GET(): Response {
  return new Response(JSON.stringify(OPENAPI_DOCUMENT, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
