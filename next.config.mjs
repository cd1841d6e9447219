// Static security headers for every response. The Content-Security-Policy needs
// a per-request nonce, so proxy.ts sets it; Cache-Control for pupil data is set
// there too, where the host is known.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()',
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Types are checked by `npm run typecheck` (CI runs it) over the whole
  // project, tests included; the build need not do it a second time.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // Native/WASM database drivers must not be bundled (PGlite 500s with a path error otherwise);
  // the PDF writer and its font engine, and the SVG rasteriser (its .wasm read from node_modules), are loaded as installed too.
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@electric-sql/pglite-socket',
    'pg',
    '@neondatabase/serverless',
    'ws',
    '@cantoo/pdf-lib',
    '@cantoo/fontkit',
    '@resvg/resvg-wasm',
  ],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
