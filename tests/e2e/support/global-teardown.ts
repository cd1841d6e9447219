import fs from 'node:fs';

/** Removes the temporary data directory the end-to-end server used (playwright.config.ts made it). */
export default function globalTeardown(): void {
  const dir = process.env.HAVEN_E2E_DATA_DIR;
  if (dir && dir.includes('haven-e2e-')) fs.rmSync(dir, { recursive: true, force: true });
}
