/**
 * Export for a school without Haven, on a phone: the demo DSL (an
 * administrator) opens Administration → Transfers → Export for a school
 * without Haven, finds
 * Mohammed, downloads his chronology as a password-protected PDF (qpdf says
 * it needs the password) and sees the export listed with their name.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { qpdfFacts } from '../support/pdf';
import { phonePageWithKey } from './support/shared-page';
import { DEMO_DSL_SECRET } from './support/sign-in';
import { schoolUrl } from './support/urls';

const PASSWORD = 'New school Łódź 2026';

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await phonePageWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);
});

test.afterAll(async () => {
  await page.context().close();
});

test('an administrator downloads a pupil’s chronology for a school without Haven, recorded', async ({}, testInfo) => {
  await page.goto(schoolUrl('demo', '/admin'));
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Transfers', exact: true })
    .click();
  await page.getByRole('link', { name: 'Export for a school without Haven' }).click();
  await expect(page.getByRole('heading', { name: 'Export for a school without Haven' })).toBeVisible();
  await page.getByLabel('Find a pupil (pupils who have left too)').fill('al-hassan');
  await page.getByRole('button', { name: 'Search' }).click();
  await page
    .getByRole('list', { name: 'Pupils found' })
    .getByRole('link', { name: /Mohammed Al-Hassan/ })
    .click();
  await expect(page.getByRole('heading', { name: /Mohammed Al-Hassan/ })).toBeVisible();

  await page.getByLabel('PDF password (at least 10 characters)').fill(PASSWORD);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the chronology PDF' }).click();
  const got = await download;
  expect(got.suggestedFilename()).toMatch(/^transfer-chronology-\d{4}-\d{2}-\d{2}\.pdf$/);
  const file = testInfo.outputPath('transfer-chronology.pdf');
  await got.saveAs(file);
  expect(qpdfFacts(readFileSync(file), PASSWORD).requiresPassword).toBe(true);

  await page.reload();
  const made = page.getByRole('table');
  await expect(made.getByRole('row').filter({ hasText: 'Chronology (PDF)' }).first()).toContainText('Al-Hassan');
});
