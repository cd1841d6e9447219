/**
 * Admin → Categories and Agencies on a phone: the DSL, using their key, adds
 * a sub-category with permissions for two groups; adds an agency, records an
 * incident naming it, renames the agency and sees the new name on that past
 * incident; and merges two categories, seeing what moved counted. The new
 * pages are screenshot at 360 px and 1280 px.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { sharedPhonePage } from './support/shared-page';
import { DEMO_DSL_SECRET, pickPupil } from './support/sign-in';
import { schoolUrl } from './support/urls';

test.describe.configure({ mode: 'serial' });

/** The DSL, signed in and using their key once for the tests that follow them. */
const dsl = sharedPhonePage('dsl@demo.haven.test', DEMO_DSL_SECRET);
test.afterAll(() => dsl.close());

// Other specs share the demo school: names carry this run's stamp.
const STAMP = Date.now().toString(36).slice(-5);

async function screenshots(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
}

/** Records an incident about Zoë as the (elevated) DSL, in the given categories and agencies. */
async function recordIncident(page: Page, text: string, categories: string[], agencies: string[] = []) {
  await page.goto(schoolUrl('demo', '/incidents/new'));
  await pickPupil(page, 'Pupil', 'zoe ob', /Zoë O'Brien/);
  await page.getByLabel('What happened').fill(text);
  for (const c of categories) await page.getByRole('checkbox', { name: c, exact: true }).check();
  for (const a of agencies) await page.getByRole('checkbox', { name: a, exact: true }).check();
  await page.getByRole('button', { name: 'Save incident' }).click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}\/incidents\?highlight=/);
}

test('an administrator adds a sub-category with permissions for two groups', async ({ browser }, testInfo) => {
  const page = await dsl.get(browser);
  await page.goto(schoolUrl('demo', '/admin'));
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Categories' }).click();
  await expect(page.getByRole('heading', { name: 'Categories', exact: true })).toBeVisible();
  const list = page.getByRole('list', { name: 'Categories' });
  await expect(list.getByRole('listitem').filter({ hasText: 'Behaviour' }).first()).toContainText('Enabled');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'categories');

  await page.getByRole('link', { name: 'New category' }).click();
  await expect(page.getByRole('heading', { name: 'New category' })).toBeVisible();
  const name = `Sexism ${STAMP}`;
  // First without a name: the error is by the field and the ticks stay.
  await page.getByLabel('Parent category').selectOption({ label: 'Bullying' });
  await page.getByLabel('Copy category colour').selectOption({ label: 'Behaviour' });
  await expect(page.getByLabel('Colour', { exact: true })).toHaveValue('#1d4ed8');
  await page.getByRole('checkbox', { name: 'View incidents: Pastoral' }).check();
  await page.getByRole('checkbox', { name: 'View students: Pastoral' }).check();
  await page.getByRole('checkbox', { name: 'Add incidents: Teachers' }).check();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'new-category');
  await page.getByRole('button', { name: 'Create category' }).click();
  await expect(page.getByText('Give the category a name.')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'View incidents: Pastoral' })).toBeChecked();
  await expect(page.getByLabel('Parent category')).toHaveValue(/[0-9a-f-]{36}/);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create category' }).click();

  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByText('Category created.')).toBeVisible();
  await expect(page.getByText('Sub-category of Bullying.')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'category');

  // The rights landed on the groups: Pastoral's matrix shows them ticked.
  await page.goto(schoolUrl('demo', '/admin/groups'));
  await page.getByRole('link', { name: 'Pastoral', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: `View incidents: ${name}` })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: `Add incidents: ${name}` })).not.toBeChecked();
});

test('an agency is added, named on an incident, renamed, and the past incident shows the new name', async ({
  browser,
}, testInfo) => {
  const page = await dsl.get(browser);
  await page.goto(schoolUrl('demo', '/admin'));
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Agencies' }).click();
  await expect(page.getByRole('heading', { name: 'Agencies', exact: true })).toBeVisible();
  const before = `Early Help Hub ${STAMP}`;
  const after = `Family Help Hub ${STAMP}`;
  await page.getByLabel('Name', { exact: true }).first().fill(before);
  await page.getByRole('button', { name: 'Add agency' }).click();
  await expect(page.getByText(`Added “${before}”.`)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'agencies');

  await recordIncident(page, `Referred to the hub (${STAMP}).`, ['Behaviour'], [before]);
  const card = page
    .getByRole('listitem')
    .filter({ hasText: `Referred to the hub (${STAMP}).` })
    .first();
  await expect(card).toContainText(`Agencies: ${before}`);
  const chronology = page.url();

  await page.goto(schoolUrl('demo', '/admin/agencies'));
  const row = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: `Rename ${before}` }) });
  await row.getByRole('textbox', { name: 'Name' }).fill(after);
  await row.getByRole('button', { name: `Rename ${before}` }).click();
  await expect(page.getByText('Renamed. The new name shows on every record')).toBeVisible();

  await page.goto(chronology);
  const renamed = page
    .getByRole('listitem')
    .filter({ hasText: `Referred to the hub (${STAMP}).` })
    .first();
  await expect(renamed).toContainText(`Agencies: ${after}`);
  await expect(renamed).not.toContainText(before);

  // Editing the incident offers the list too: the agency is ticked, and is unticked for one typed in.
  await renamed.getByRole('link', { name: 'Edit', exact: true }).click();
  const ticked = page.getByRole('checkbox', { name: after, exact: true });
  await expect(ticked).toBeChecked();
  await ticked.uncheck();
  await page.getByLabel('Other agencies').fill(`School nurse ${STAMP}`);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`Agencies: School nurse ${STAMP}`)).toBeVisible();
  await expect(page.getByText(`Agencies: ${after}`)).toHaveCount(0);
});

test('merging two categories moves their incidents and monitoring, counted', async ({ browser }, testInfo) => {
  const page = await dsl.get(browser);
  await page.goto(schoolUrl('demo', '/admin'));
  const source = `Fights ${STAMP}`;
  const target = `Physical ${STAMP}`;
  for (const name of [source, target]) {
    await page.goto(schoolUrl('demo', '/admin/categories/new'));
    await page.getByLabel('Name', { exact: true }).fill(name);
    for (const right of ['View students', 'View incidents', 'Add incidents'])
      await page.getByRole('checkbox', { name: `${right}: DSL` }).check();
    await page.getByRole('button', { name: 'Create category' }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
  }
  await recordIncident(page, `Fight at lunch (${STAMP}).`, [source]);

  await page.goto(schoolUrl('demo', '/admin/categories'));
  await page.getByRole('link', { name: source, exact: true }).click();
  await expect(page.getByRole('heading', { name: source })).toBeVisible();
  await expect(page.getByText('1 incident · 1 pupil monitored now')).toBeVisible();
  const merge = page.getByRole('form', { name: 'Merge into another category' });
  await merge.getByLabel('Merge into').selectOption({ label: target });
  await merge.getByLabel(/Type the category’s name to confirm/).fill(source.toUpperCase());
  await merge.getByRole('button', { name: 'Merge for good' }).click();
  await expect(page.getByText('Nothing was merged: the category’s name was not typed exactly.')).toBeVisible();
  await expect(merge.getByLabel('Merge into')).toHaveValue(/[0-9a-f-]{36}/);
  await merge.getByLabel(/Type the category’s name to confirm/).fill(source);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'merge');
  await merge.getByRole('button', { name: 'Merge for good' }).click();
  await expect(page.getByText('Merged: 1 incident, 0 actions, 1 monitoring period moved.')).toBeVisible();
  await expect(page.getByText(`Merged into ${target}`)).toBeVisible();
  await expectAccessible(page);

  await page.goto(schoolUrl('demo', '/admin/categories'));
  const list = page.getByRole('list', { name: 'Categories' });
  const item = (name: string) =>
    list.getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(item(source)).toContainText(`Merged into ${target}`);
  await expect(item(target)).toContainText('1 incident · 1 pupil monitored now');
  await expectAccessible(page);
});
