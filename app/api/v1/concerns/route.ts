import { concernsRoute, methodNotAllowed } from '@/lib/http';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return concernsRoute(request);
}

export function GET(): Response {
  return methodNotAllowed();
}
