/**
 * Training mode on a phone: the demo DSL switches it on in Administration;
 * a teacher sees the blue banner and records a concern, which is marked as
 * training; the DSL sees it listed and in the pupil's chronology, keeps
 * nothing, is refused with a wrong school name, then disables training mode
 * by typing the school's name, and the incident is gone from the chronology.
 *
 * The specs share one demo database: this one leaves training mode off, and
 * removes only what was recorded while it was on.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { phonePageWithKey } from './support/shared-page';
import { DEMO_DSL_SECRET, signInOnPhone } from './support/sign-in';
import { schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

const SCHOOL = 'Haven Demo Academy';
const TEXT = 'Practice: Łukasz was upset after PE and would not say why.';

test.describe.configure({ mode: 'serial' });

/** A phone-sized and a desk-sized picture of the page as it is. */
async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
}

let dsl: Page;
let number = '';
let chronologyUrl = '';
/** The heading of the incident this spec records (its number, and no longer one that starts the same). */
const thisIncident = () => new RegExp(`^Incident #${number}(?!\\d)`);

test('the DSL switches training mode on from Administration', async ({ browser }) => {
  dsl = await phonePageWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);
  await (await headerMenu(dsl)).getByRole('link', { name: 'Administration' }).click();
  await dsl.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Training mode' }).click();
  await expect(dsl.getByRole('heading', { name: /Training mode\s+Off/ })).toBeVisible();
  await expectAccessible(dsl);
  await dsl.getByRole('button', { name: 'Switch training mode on' }).click();
  await expect(dsl.getByText('Training mode is on. Everyone sees the banner from their next click.')).toBeVisible();
  await expect(dsl.getByRole('heading', { name: /Training mode\s+On/ })).toBeVisible();
  await expect(dsl.getByRole('banner').getByRole('link', { name: 'Manage training mode' })).toBeVisible();
});

test('a teacher sees the banner and records a concern, which is marked as training', async ({ browser }, testInfo) => {
  const teacher = await signInOnPhone(browser, 'teacher@demo.haven.test');
  await expect(teacher.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();
  const banner = teacher.getByRole('banner');
  await expect(banner.getByText('Training mode is on.')).toBeVisible();
  await expect(banner.getByText(/marked as training .* Alerts and emails are still sent/)).toBeVisible();
  await expect(banner.getByRole('link', { name: 'Manage training mode' })).toHaveCount(0);
  await expectAccessible(teacher);
  await screenshots(teacher, testInfo, 'training-banner');

  await teacher.getByRole('link', { name: 'Add incident' }).click();
  await expect(teacher.getByText('Training mode is on: this incident will be marked as training.')).toBeVisible();
  const pupil = teacher.getByRole('combobox', { name: 'Pupil', exact: true });
  await expect(async () => {
    await pupil.fill('');
    await pupil.fill('lukasz kow');
    await expect(teacher.getByRole('option', { name: /Łukasz Kowalczyk/ })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 90_000 });
  await teacher.getByRole('option', { name: /Łukasz Kowalczyk/ }).click();
  await teacher.getByLabel('What happened').fill(TEXT);
  await teacher.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await teacher.getByRole('button', { name: 'Save incident' }).click();
  const recorded = teacher.getByRole('heading', { name: /Incident #\d+ is recorded/ });
  await expect(recorded).toBeVisible();
  number = (await recorded.innerText()).match(/#(\d+)/)![1]!;
  await teacher.context().close();
});

test('the DSL finds it listed and in the pupil’s chronology marked as training', async ({}, testInfo) => {
  await dsl.goto(schoolUrl('demo', '/admin/training'));
  const item = dsl.getByRole('checkbox', { name: `Incident #${number}`, exact: true });
  await expect(item).toBeChecked();
  const card = dsl.locator('label').filter({ has: item });
  await expect(card).toContainText('Łukasz Kowalczyk');
  await expect(card).toContainText('Tom Hughes');
  await expect(card).toContainText(TEXT);
  await expect(card).toContainText('Behaviour');
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'training-manage');

  await card.getByRole('link', { name: `Incident #${number}`, exact: true }).click();
  await expect(dsl.getByRole('heading', { name: 'Łukasz Kowalczyk' })).toBeVisible();
  await expect(dsl.getByRole('heading', { name: thisIncident() })).toContainText('Training');

  // His chronology, reached as a DSL would: the school-wide search, his profile, the Incidents tab.
  await dsl.goto(schoolUrl('demo', '/?q=kowalczyk'));
  await dsl
    .getByRole('list', { name: 'Pupils matching kowalczyk' })
    .getByRole('link', { name: 'Łukasz Kowalczyk', exact: true })
    .click();
  await expect(dsl).toHaveURL(/\/students\/[0-9a-f-]{36}$/);
  chronologyUrl = `${dsl.url()}/incidents`;
  await dsl.goto(chronologyUrl);
  const incident = dsl.getByRole('article').filter({ has: dsl.getByRole('heading', { name: thisIncident() }) });
  await expect(incident.getByText('Training', { exact: true })).toBeVisible();
  await expect(incident).toContainText(TEXT);
});

test('the DSL keeps nothing and disables training mode by typing the school’s name; the incident is gone', async ({}, testInfo) => {
  await dsl.goto(schoolUrl('demo', '/admin/training'));
  const box = dsl.getByRole('checkbox', { name: `Incident #${number}`, exact: true });
  await expect(box).toBeChecked();
  // A refused attempt keeps what was typed and what was unticked.
  await box.uncheck();
  const name = dsl.getByLabel(`Type “${SCHOOL}” to confirm`);
  await name.fill('haven demo academy');
  await dsl.getByRole('button', { name: 'Disable training mode' }).click();
  await expect(dsl.getByText(`Type the school’s full name exactly as shown: ${SCHOOL}`)).toBeVisible();
  await expect(name).toHaveValue('haven demo academy');
  await expect(box).not.toBeChecked();
  await expect(dsl.getByRole('banner').getByText('Training mode is on.')).toBeVisible();
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'training-wrong-name');
  // Nothing is kept after all.
  await box.check();

  await name.fill(SCHOOL);
  await dsl.getByRole('button', { name: 'Disable training mode' }).click();
  await expect(
    dsl.getByText(/Training mode is off\. 1 training incident and 0 training actions were removed\./),
  ).toBeVisible();
  await expect(dsl.getByRole('heading', { name: /Training mode\s+Off/ })).toBeVisible();
  await expect(dsl.getByRole('banner').getByText('Training mode is on.')).toHaveCount(0);
  await screenshots(dsl, testInfo, 'training-off');

  await dsl.goto(chronologyUrl);
  await expect(dsl.getByRole('heading', { name: 'Łukasz Kowalczyk' })).toBeVisible();
  await expect(dsl.getByRole('heading', { name: thisIncident() })).toHaveCount(0);
  await expect(dsl.getByText(TEXT)).toHaveCount(0);
  await dsl.context().close();
});
