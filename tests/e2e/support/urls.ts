/** Addresses of the demo started by playwright.config.ts (*.localhost resolves to loopback in Chromium). */
const port = Number(process.env.E2E_PORT ?? 3217);
export const rootUrl = (path = '/') => `http://localhost:${port}${path}`;
export const schoolUrl = (slug: string, path = '/') => `http://${slug}.localhost:${port}${path}`;
