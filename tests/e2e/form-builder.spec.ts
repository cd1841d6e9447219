/**
 * Admin → Form builder on a phone: the DSL, using their key, adds a custom
 * dropdown "Location" for Behaviour incidents with an advice message (a
 * refused first try keeps what was typed), moves it up with the keyboard
 * through the Up button (and by dragging on a wide screen), and a teacher's
 * add-incident form shows it. The field is then deleted (with its
 * confirmation), so the other specs sharing the demo school see the form as
 * it was. The pages are screenshot at 360 px and 1280 px.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { phonePageWithKey } from './support/shared-page';
import { DEMO_DSL_SECRET, signInOnPhone } from './support/sign-in';
import { schoolUrl } from './support/urls';

test.describe.configure({ mode: 'serial' });

async function screenshots(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
}

const ADVICE = 'Where the pupil was when it happened.';

/** The fields' names, in the order the form builder lists them. */
const fieldOrder = (page: Page) =>
  page.getByRole('list', { name: 'Fields, in order' }).getByRole('heading', { level: 3 }).allTextContents();

test('an administrator adds “Location” for Behaviour, moves it by keyboard, and a teacher sees it', async ({
  browser,
}, testInfo) => {
  // Two people, seven pages, each checked for accessibility and screenshot at two widths.
  test.setTimeout(150_000);
  const admin = await phonePageWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);
  await admin.goto(schoolUrl('demo', '/admin'));
  await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Form builder' }).click();
  await expect(admin.getByRole('heading', { name: 'Form builder', exact: true })).toBeVisible();
  await expect(admin.getByRole('link', { name: 'Incident form' })).toHaveAttribute('aria-current', 'page');
  expect((await fieldOrder(admin)).slice(0, 3)).toEqual(['Pupil', 'What happened', 'Categories']);
  await expectAccessible(admin);
  await screenshots(admin, testInfo, 'form-builder');

  await admin.getByRole('link', { name: 'Add a field' }).click();
  await expect(admin.getByRole('heading', { name: 'Add a field to the incident form' })).toBeVisible();
  await expect(admin.getByText('Leave them all blank for all categories.')).toBeVisible();
  // A dropdown with no options is refused by the field, keeping the name and the ticks.
  await admin.getByLabel('Name', { exact: true }).fill('Location');
  await admin.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await admin.getByLabel('Advice (optional)').fill(ADVICE);
  await admin.getByRole('button', { name: 'Add field' }).click();
  await expect(admin.getByText('Give the dropdown at least one option, one per line.')).toBeVisible();
  await expect(admin.getByLabel('Name', { exact: true })).toHaveValue('Location');
  await expect(admin.getByRole('checkbox', { name: 'Behaviour', exact: true })).toBeChecked();
  await expect(admin.getByLabel('Advice (optional)')).toHaveValue(ADVICE);
  // Options and "allow multiple" belong to dropdowns only.
  await admin.getByLabel('Kind').selectOption('text');
  await expect(admin.getByLabel('Options, one per line')).toBeHidden();
  await expect(admin.getByRole('checkbox', { name: 'Must be filled in' })).toBeVisible();
  await admin.getByLabel('Kind').selectOption('dropdown');
  await admin.getByLabel('Options, one per line').fill('Playground\nClassroom\nCorridor');
  await expectAccessible(admin);
  await screenshots(admin, testInfo, 'form-builder-add');
  await admin.getByRole('button', { name: 'Add field' }).click();

  await expect(admin.getByText('The field is added at the end of the form.')).toBeVisible();
  const location = admin
    .getByRole('list', { name: 'Fields, in order' })
    .getByRole('listitem')
    .filter({
      has: admin.getByRole('heading', { name: 'Location', level: 3 }),
    });
  await expect(location).toContainText('Appears for: Behaviour');
  await expect(location).toContainText('Options: Playground · Classroom · Corridor');
  await expect(location.getByLabel('Advice under “Location”')).toHaveValue(ADVICE);
  expect((await fieldOrder(admin)).slice(-2)).toEqual(['Agencies involved', 'Location']);

  // With the keyboard: focus Up and press Enter.
  await location.getByRole('button', { name: 'Up Location' }).focus();
  await admin.keyboard.press('Enter');
  await expect.poll(async () => (await fieldOrder(admin)).slice(-2)).toEqual(['Location', 'Agencies involved']);
  // The focus stays on the button, so pressing again moves it again.
  await expect(location.getByRole('button', { name: 'Up Location' })).toBeFocused();
  await admin.keyboard.press('Enter');
  await expect
    .poll(async () => (await fieldOrder(admin)).slice(-3))
    .toEqual(['Location', 'Alerts', 'Agencies involved']);
  await expectAccessible(admin);
  await screenshots(admin, testInfo, 'form-builder-moved');

  // On a wide screen it can be dragged by its handle, here onto Status, two places up
  // (a screen tall enough to show both, so nothing scrolls mid-drag).
  await admin.setViewportSize({ width: 1280, height: 1800 });
  const statusRow = admin
    .getByRole('list', { name: 'Fields, in order' })
    .getByRole('listitem')
    .filter({
      has: admin.getByRole('heading', { name: 'Status', level: 3 }),
    });
  await location.getByTitle('Drag to move').dragTo(statusRow);
  const dragged = ['Date and time', 'Location', 'Status', 'Assigned to'];
  await expect.poll(async () => (await fieldOrder(admin)).slice(5, 9)).toEqual(dragged);
  await admin.reload();
  expect((await fieldOrder(admin)).slice(5, 9)).toEqual(dragged);
  await admin.setViewportSize({ width: 360, height: 780 });

  // A teacher's add-incident form shows it, with its advice.
  const teacher = await signInOnPhone(browser, 'teacher@demo.haven.test');
  await expect(teacher.getByRole('heading', { name: /^Hello/ })).toBeVisible();
  await teacher.goto(schoolUrl('demo', '/incidents/new'));
  await expect(teacher.getByRole('heading', { name: 'Add incident' })).toBeVisible();
  await teacher.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await expect(teacher.getByLabel('Location (optional)')).toBeVisible();
  await expect(teacher.getByText(ADVICE)).toBeVisible();
  await teacher.context().close();

  // Deleted again, after a confirmation that says recorded values stay.
  await location.getByRole('link', { name: 'Edit Location' }).click();
  await expect(admin.getByRole('heading', { name: 'Edit “Location”' })).toBeVisible();
  await expect(admin.getByLabel('Options, one per line')).toHaveValue('Playground\nClassroom\nCorridor');
  await expectAccessible(admin);
  await screenshots(admin, testInfo, 'form-builder-edit');
  await admin.getByRole('button', { name: 'Delete field' }).click();
  await expect(admin.getByText('Tick the box to confirm you want to delete this field.')).toBeVisible();
  await admin.getByRole('checkbox', { name: /Yes, delete “Location”/ }).check();
  await admin.getByRole('button', { name: 'Delete field' }).click();
  await expect(admin.getByText('Values already recorded stay in their records and history.')).toBeVisible();
  expect(await fieldOrder(admin)).not.toContain('Location');
  await admin.context().close();
});
