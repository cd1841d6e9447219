import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Every page an e2e test visits is checked: serious and critical violations fail the test. */
export async function expectAccessible(page: Page): Promise<void> {
  // Next.js streams the <title> of a dynamic page after its first bytes (and sets it
  // after a client-side navigation): wait for the page to finish, not for axe to race it.
  // A page that never gets a title still fails below.
  await page.waitForLoadState('load');
  await expect(page)
    .toHaveTitle(/\S/, { timeout: 5_000 })
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.impact}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([]);
}
