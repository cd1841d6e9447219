/**
 * The signed-in header. On a phone its secondary items (Reporting, Planner,
 * Library, Administration, Remind me, Hide names, Security keys, Blank screen,
 * Sign out) are behind "More"; on a wide screen they are in the row and there
 * is no "More" to open.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The header, with "More" opened when the screen is narrow enough to have it. */
export async function headerMenu(page: Page): Promise<Locator> {
  const banner = page.getByRole('banner');
  await expect(banner).toBeVisible();
  const width = page.viewportSize()?.width ?? 1280;
  // Tailwind's `sm` breakpoint: below it, the items are folded.
  if (width < 640) {
    const more = banner.getByRole('button', { name: 'More' });
    // "More" answers once the page's script has loaded: until it says it is open, press it again.
    await expect(async () => {
      if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
      await expect(more).toHaveAttribute('aria-expanded', 'true', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  }
  return banner;
}
