/**
 * Cross-site request refusal. Sibling school subdomains are the same *site*, so
 * SameSite cookies do not stop one school's page posting to another's, and
 * Next.js lets a server action without an Origin header through. So every
 * state-changing request must carry an Origin that is exactly the origin of the
 * host it was sent to. Used by proxy.ts and again by the action wrapper and
 * route handlers (the proxy is never the only check).
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function isAllowedOrigin(
  originHeader: string | null | undefined,
  hostHeader: string | null | undefined,
  protocol: 'http' | 'https',
): boolean {
  if (!originHeader || !hostHeader) return false;
  return originHeader.toLowerCase() === `${protocol}://${hostHeader.trim().toLowerCase()}`;
}

/**
 * The one path that takes state-changing requests without an Origin: the
 * inbound integrations API (lib/integrations), called by other servers, not
 * browsers. It reads no cookie, so a cross-site form could only send what a
 * stolen token could anyway; its token in the Authorization header is the
 * credential. Exactly this path: not a prefix, not another method's route.
 */
export const MACHINE_PATHS: readonly string[] = ['/api/v1/concerns'];

export function isMachinePath(pathname: string): boolean {
  return MACHINE_PATHS.includes(pathname);
}
