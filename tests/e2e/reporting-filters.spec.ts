/**
 * The Custom report's word filter and pupil grouping in a browser, on a
 * phone: the DSL records an incident about a trampoline, types words into
 * "Containing words" (Enter adds each as a removable chip), sees a symbol
 * refused beside the field with the words kept, removes it, and counts the
 * incident under its pupil — whole word, any case or accent — with linked
 * copies left out.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { phonePageWithKey } from './support/shared-page';
import { DEMO_DSL_SECRET, pickPupil } from './support/sign-in';
import { headerMenu } from './support/header';

test('a DSL counts incidents containing a word, by pupil', async ({ browser }) => {
  const dsl = await phonePageWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);

  await dsl.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(dsl, 'Pupil', 'lukasz kow', /Łukasz Kowalczyk/);
  await dsl
    .getByLabel('What happened')
    .fill('Bounced on the gym trampolines without a spotter, then on the trampoline.');
  await dsl.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await dsl.getByRole('button', { name: 'Save incident' }).click();
  await expect(dsl).toHaveURL(/\/students\/[0-9a-f-]{36}\/incidents/);

  await (await headerMenu(dsl)).getByRole('link', { name: 'Reporting' }).click();
  await dsl.getByRole('link', { name: /Custom report/ }).click();
  await expect(dsl.getByRole('heading', { name: 'Custom report', level: 1 })).toBeVisible();

  await dsl.getByLabel('Date range').selectOption({ label: 'Any date' });
  const words = dsl.getByRole('textbox', { name: 'Containing words' });
  await words.fill('TRAMPOLÍNE');
  await words.press('Enter');
  await words.fill('%');
  await words.press('Enter');
  const chips = dsl.getByRole('list', { name: 'Words' });
  await expect(chips.getByRole('listitem')).toHaveText([/TRAMPOLÍNE/, /%/]);
  // Enter added the words; it did not send the form.
  await expect(dsl).not.toHaveURL(/primary=/);
  await dsl.getByLabel('Rows: group by').selectOption({ label: 'Pupil' });
  await dsl.getByLabel('Linked incidents').selectOption({ label: 'Leave out: count each incident once' });
  await dsl.getByRole('button', { name: 'Generate report' }).click();

  await expect(dsl.getByText('Enter single words: letters and digits, no spaces or symbols.')).toBeVisible();
  await expect(words).toHaveAttribute('aria-invalid', 'true');
  await expect(chips.getByRole('listitem')).toHaveText([/TRAMPOLÍNE/, /%/]);
  await expectAccessible(dsl);

  await dsl.getByRole('button', { name: 'Remove the word %' }).click();
  await dsl.getByRole('button', { name: 'Generate report' }).click();
  const table = dsl.getByRole('table', { name: 'Incidents by pupil' });
  await expect(table).toBeVisible();
  // "trampolines" is another word: the incident counts once, under its pupil alone.
  const row = table.getByRole('row').filter({ has: dsl.getByRole('rowheader', { name: 'Łukasz Kowalczyk' }) });
  await expect(row.getByRole('cell').last()).toHaveText('1');
  await expect(dsl.getByLabel('Linked incidents')).toHaveValue('exclude');
  expect(await dsl.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
