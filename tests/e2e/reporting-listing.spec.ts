/**
 * A listing with hidden names, on a phone: the demo DSL records a concern
 * about Zoë that names her, a linked pupil and another pupil, builds a
 * Listing of their incidents this week with student and staff names hidden,
 * sees the names replaced in the card and the other pupil's name
 * highlighted, and downloads the PDF with a password: qpdf says it needs
 * one, and pdftotext with it shows the incident with the names replaced.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { pdfText, qpdfFacts } from '../support/pdf';
import { expectAccessible } from './support/a11y';
import { phonePageWithKey } from './support/shared-page';
import { DEMO_DSL_SECRET, pickPupil } from './support/sign-in';
import { headerMenu } from './support/header';

const TEXT = 'Zoë O’Brien said Seun Adeyemi took her phone at lunch; Łukasz saw it happen.';
const PASSWORD = 'Conference Żółć 2026';

test('a DSL lists incidents with hidden names and downloads them as a password PDF', async ({ browser }, testInfo) => {
  const page = await phonePageWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);

  await page.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(page, 'Pupil', 'zoe ob', /Zoë O'Brien/);
  await page.getByLabel('What happened').fill(TEXT);
  await page.getByRole('checkbox', { name: 'Bullying', exact: true }).check();
  await pickPupil(page, 'Link a pupil', 'seun', /Seun Adeyemi/);
  await page.getByRole('button', { name: 'Save incident' }).click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}\/incidents/);

  await (await headerMenu(page)).getByRole('link', { name: 'Reporting' }).click();
  await page.getByRole('link', { name: /Custom report/ }).click();
  await page.getByLabel('Date range').selectOption({ label: 'Last 7 days' });
  await page.getByRole('checkbox', { name: 'Bullying', exact: true }).check();
  await page.getByLabel('Show as').selectOption({ label: 'Listing (every incident, or on Students every pupil)' });
  await page.getByRole('checkbox', { name: 'Actions' }).check();
  await page.getByRole('checkbox', { name: 'Hide student names' }).check();
  await page.getByRole('checkbox', { name: 'Hide staff names' }).check();
  await page.getByRole('button', { name: 'Generate report' }).click();

  await expect(page.getByRole('heading', { name: 'Incident listing' })).toBeVisible();
  const card = page.getByRole('article').filter({ hasText: 'took her phone at lunch' }).first();
  await expect(card).toContainText(
    /\[Student\] said \[Linked student \d+\] took her phone at lunch; Łukasz saw it happen\./,
  );
  await expect(card.locator('mark')).toHaveText('Łukasz');
  await expect(card).not.toContainText('Zoë');
  await expect(card).not.toContainText('Adeyemi');
  await expect(page.getByText(/Highlighted words are names of other pupils/)).toBeVisible();
  // Cards, not a wide table: the page never scrolls sideways on the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('listing-hidden-names-360.png'), fullPage: true });

  await page.getByLabel('PDF password').fill(PASSWORD);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download PDF' }).click();
  const file = testInfo.outputPath('listing.pdf');
  const got = await download;
  expect(got.suggestedFilename()).toMatch(/^incident-listing-\d{4}-\d{2}-\d{2}\.pdf$/);
  await got.saveAs(file);
  const pdf = readFileSync(file);
  expect(qpdfFacts(pdf, PASSWORD).requiresPassword).toBe(true);
  const text = pdfText(pdf, { password: PASSWORD }).replace(/\s+/g, ' ');
  expect(text).toMatch(/\[Student\] said \[Linked student \d+\] took her phone at lunch; Łukasz saw it happen\./);
  expect(text).not.toContain('Adeyemi');
  expect(text).not.toContain('O’Brien');
  await page.context().close();
});
