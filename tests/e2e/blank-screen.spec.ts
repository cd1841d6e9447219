import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

test('the screen blanks after the idle timeout and comes back with what was typed', async ({ page }) => {
  await page.clock.install();
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill('teacher@demo.haven.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();

  await page.goto(schoolUrl('demo', '/account/security'));
  await page.getByRole('button', { name: 'Add new device' }).click();
  const name = page.getByLabel('Name this device');
  const cover = page.getByRole('dialog', { name: 'Screen hidden' });
  // The idle countdown starts once the page has hydrated, which on a busy machine can be
  // after the first keystrokes, and a click before then does nothing: press the button
  // until it answers (proof of hydration); revealing the page starts a fresh countdown.
  await expect(async () => {
    await (await headerMenu(page)).getByRole('button', { name: 'Blank screen' }).click();
    await expect(cover).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await page.keyboard.press('Escape');
  await expect(cover).toHaveCount(0);
  await name.fill('Half-typed name');

  // 14 minutes idle: still visible. 15 (the default timeout): covered.
  await page.clock.fastForward('14:00');
  await expect(page.getByRole('dialog', { name: 'Screen hidden' })).toHaveCount(0);
  await page.clock.fastForward('01:05');
  await expect(cover).toBeVisible();
  await expect(page.getByText('Half-typed name')).toHaveCount(0);
  await expectAccessible(page);

  await page.keyboard.press('Space');
  await expect(cover).toHaveCount(0);
  await expect(name).toHaveValue('Half-typed name');

  // The button blanks at once; a tap brings it back.
  await (await headerMenu(page)).getByRole('button', { name: 'Blank screen' }).click();
  await expect(cover).toBeVisible();
  await cover.click();
  await expect(cover).toHaveCount(0);
  await expect(name).toHaveValue('Half-typed name');
});
