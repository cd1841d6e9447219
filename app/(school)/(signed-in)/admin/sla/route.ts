/**
 * The deployment's service-level agreement, for a school's administrators
 * (with their key), offered on Admin → Overview. Always a download, with the
 * strict headers of every stored file.
 */
import { adminRouteCtx, plainResponse } from '@/lib/http';
import { readSla } from '@/lib/platform';

export async function GET() {
  const ctx = await adminRouteCtx({ stateChanging: false });
  if (ctx instanceof Response) return ctx;
  const sla = await readSla();
  if (!sla) return plainResponse(404, 'No service-level agreement has been uploaded yet.');
  return new Response(Buffer.from(sla.bytes), {
    headers: {
      'content-type': 'application/pdf',
      'content-length': String(sla.bytes.length),
      'content-disposition': `attachment; filename="${sla.name.replace(/"/g, '')}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
