/**
 * Complete editing on a phone: the DSL records a concern about Mohammed with
 * an action, edits the action and finds both versions in its history; edits
 * the incident to add a body-map marker and link Łukasz, whose record then
 * holds his copy of the incident. Then Admin → Users → a user: the
 * Permissions section and the alert email. Each changed page is checked with
 * axe and photographed at 360 and 1280 px.
 */
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { sharedPhonePage } from './support/shared-page';
import { DEMO_DSL_SECRET, pickPupil } from './support/sign-in';
import { schoolUrl } from './support/urls';

const TEXT = 'Mohammed was pushed over on the playground at lunch and grazed his knee.';
const ACTION = 'First aid given by the office; parent phoned at 13:10.';
const EDITED = 'First aid given by the office; mother phoned at 13:10 and will collect him at three.';

test.describe.configure({ mode: 'serial' });

/** The DSL, signed in and using their key once for the tests that follow them. */
const dsl = sharedPhonePage('dsl@demo.haven.test', DEMO_DSL_SECRET);
test.afterAll(() => dsl.close());

let incidentUrl = '';

/** An action in the incident page's "Actions" list, by its text. */
const actionBlock = (page: Page, text: string): Locator =>
  page.getByRole('region', { name: 'Actions', exact: true }).locator(':scope > div').filter({ hasText: text });

async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
}

test('a DSL edits an action and sees both versions in its history', async ({ browser }, testInfo) => {
  const page = await dsl.get(browser);
  await page.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(page, 'Pupil', 'al-hassan', /Mohammed Al-Hassan/);
  await page.getByLabel('What happened').fill(TEXT);
  await page.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await page.getByRole('button', { name: 'Save incident' }).click();
  await expect(page).toHaveURL(/\/students\/.+\/incidents\?highlight=/);
  incidentUrl = schoolUrl('demo', `/incidents/${new URL(page.url()).searchParams.get('highlight')}`);

  await page.goto(`${incidentUrl}/action`);
  await page.getByLabel('Action taken').fill(ACTION);
  await page.getByRole('button', { name: 'Save action' }).click();
  await expect(page).toHaveURL(/highlight=/);

  await page.goto(incidentUrl);
  await actionBlock(page, ACTION).getByRole('link', { name: 'Edit action' }).click();
  await expect(page.getByRole('heading', { name: /Edit action/ })).toBeVisible();
  await expect(page.getByLabel('Action taken')).toHaveValue(ACTION);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'edit-action');
  await page.getByLabel('Action taken').fill(EDITED);
  await page.getByRole('button', { name: 'Save changes' }).click();

  // The chronology shows the latest version, marked as edited, with the way to its history.
  await expect(
    page.getByRole('status').filter({ hasText: 'Your changes to the action are saved as a new version.' }),
  ).toBeVisible();
  const card = page.locator(`#incident-${new URL(page.url()).searchParams.get('highlight')}`);
  await expect(card.getByText(EDITED)).toBeVisible();
  await expect(card.getByText(ACTION, { exact: true })).toHaveCount(0);
  await card.getByRole('link', { name: 'edited (history)' }).click();

  await expect(page.getByRole('heading', { name: /Action history/ })).toBeVisible();
  const versions = page.getByRole('list', { name: 'Versions of the action' }).getByRole('listitem');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText('Version 2 (current)');
  await expect(versions.nth(0)).toContainText(EDITED);
  await expect(versions.nth(1)).toContainText(/Version 1 · saved .* by David Okafor/);
  await expect(versions.nth(1)).toContainText(ACTION);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'action-history');
});

test('a DSL edits the incident to add a marker and a linked pupil, whose record shows the copy', async ({
  browser,
}, testInfo) => {
  const page = await dsl.get(browser);
  await page.goto(`${incidentUrl}/edit`);
  await page.getByRole('application', { name: /Body \(front\)/ }).click({ position: { x: 60, y: 90 } });
  await page.getByLabel(/Note for marker 1/).fill('Graze on the left knee');
  await pickPupil(page, 'Link a pupil', 'kowalczyk', /Łukasz Kowalczyk/);
  await page.getByLabel('Their part').selectOption('witness');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'edit-incident');
  await page.getByRole('button', { name: 'Save changes' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Your changes are saved as a new version.' })).toBeVisible();
  const card = page.locator(`#incident-${new URL(page.url()).searchParams.get('highlight')}`);
  await expect(card.getByText('Graze on the left knee')).toBeVisible();
  await expect(card).toContainText('Łukasz Kowalczyk (witness)');

  // Łukasz's chronology, reached as a DSL would: the search, his profile, the Incidents tab.
  await page.goto(schoolUrl('demo', '/?q=kowalczyk'));
  await page
    .getByRole('list', { name: 'Pupils matching kowalczyk' })
    .getByRole('link', { name: 'Łukasz Kowalczyk', exact: true })
    .click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}$/);
  await page.goto(`${page.url()}/incidents`);
  const copy = page.getByRole('article').filter({ hasText: TEXT });
  await expect(copy).toHaveCount(1);
  await expect(copy).toContainText('Part in this incident: Witness');
  await expect(copy.getByText('Graze on the left knee')).toBeVisible();
  await expect(copy).toContainText('Mohammed Al-Hassan');

  // The incident's history has both versions, the marker in the second.
  await page.goto(`${incidentUrl}/history`);
  await expect(page.getByText('Version 2 (current)')).toBeVisible();
  await expect(page.getByText('Body map: 1. Graze on the left knee')).toBeVisible();
});

test('an administrator reads a user’s permissions and sets their alert email', async ({ browser }, testInfo) => {
  const page = await dsl.get(browser);
  await page.goto(schoolUrl('demo', '/admin/users'));
  await page.getByLabel('Name or email').fill('Ben Price');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('link', { name: 'Ben Price' }).click();
  await expect(page.getByRole('heading', { name: 'Ben Price' })).toBeVisible();
  const permissions = page.getByRole('region', { name: 'Permissions' });
  await expect(permissions.getByRole('link', { name: 'Pastoral' })).toBeVisible();
  await expect(permissions.getByRole('listitem').filter({ hasText: 'View student list' })).toBeVisible();
  const behaviour = permissions.getByRole('row', { name: /^Behaviour/ });
  await expect(behaviour.getByRole('cell').nth(1)).toHaveText('Yes');
  await expect(
    permissions
      .getByRole('row', { name: /^Child Protection/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('No');
  await expect(permissions).toContainText('The school does not restrict key holders by class');

  const alertEmail = page.getByRole('textbox', { name: 'Alert email' });
  await alertEmail.fill('not an address');
  await page.getByRole('button', { name: 'Save alert email' }).click();
  await expect(page.getByText('Enter a valid email address, or leave it empty.')).toBeVisible();
  await expect(alertEmail).toHaveValue('not an address');
  await alertEmail.fill('ben.price.alerts@demo.haven.test');
  await page.getByRole('button', { name: 'Save alert email' }).click();
  await expect(page.getByText('Their alert emails now go to ben.price.alerts@demo.haven.test.')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'user-profile');
  // Leave Ben as other specs expect him.
  await alertEmail.fill('');
  await page.getByRole('button', { name: 'Save alert email' }).click();
  await expect(page.getByText('Their alert emails now go to their sign-in address.')).toBeVisible();
});
