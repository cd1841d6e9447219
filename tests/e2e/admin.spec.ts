import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { sharedPhonePage } from './support/shared-page';
import { schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

const DSL_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

async function signIn(page: Page, email: string) {
  await page.goto(schoolUrl('demo', '/'));
  await expect(page).toHaveURL(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * The demo DSL, signed in and using their key once for every test that needs
 * an elevated administrator (a code works once per step: see support/totp.ts).
 */
const dsl = sharedPhonePage('dsl@demo.haven.test', DSL_SECRET);
test.afterAll(() => dsl.close());

test('without their key an administrator is asked to elevate; a teacher is refused', async ({ page, browser }) => {
  await signIn(page, 'dsl@demo.haven.test');
  await page.getByRole('link', { name: 'Continue without key' }).click();
  await page.goto(schoolUrl('demo', '/admin/users'));
  await expect(page).toHaveURL(schoolUrl('demo', '/admin'));
  await expect(page.getByText('Elevate your access to use administration.')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectAccessible(page);

  const other = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const teacher = await other.newPage();
  await signIn(teacher, 'teacher@demo.haven.test');
  await expect(teacher.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();
  await teacher.goto(schoolUrl('demo', '/admin/groups'));
  await expect(teacher).toHaveURL(schoolUrl('demo', '/admin'));
  await expect(teacher.getByText('Your user group does not include administration')).toBeVisible();
  await other.close();
});

test('an administrator adds a non-MIS user, changes their group, and deactivates a signed-in user whose next click lands on sign-in', async ({
  browser,
}) => {
  const page = await dsl.get(browser);
  await page.goto(schoolUrl('demo', '/admin'));
  await expect(page.getByRole('heading', { name: 'Administration' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  const dslRow = page.getByRole('row').filter({ hasText: 'David Okafor' });
  await expect(dslRow.getByRole('img', { name: 'Key holder' })).toBeVisible();
  await expect(
    page.getByRole('row').filter({ hasText: 'Tom Hughes' }).getByRole('img', { name: 'Key holder' }),
  ).toHaveCount(0);
  await expectAccessible(page);

  // New user, first with a mistake: the error sits by its field and what was typed stays.
  const email = `visitor.${Date.now()}@demo.haven.test`;
  await page.getByRole('link', { name: 'New user' }).click();
  await expect(page.getByRole('heading', { name: 'New user' })).toBeVisible();
  // The page also offers the MIS staff list; this person is not on it.
  const form = page.getByRole('region', { name: 'Someone not in the MIS' });
  await form.getByLabel('Name').fill('Nadia Visitor');
  await form.getByLabel('Email address').fill('not-an-address');
  await form.getByLabel('User group').selectOption({ label: 'Support staff' });
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText('Enter a valid email address.')).toBeVisible();
  await expect(form.getByLabel('Name')).toHaveValue('Nadia Visitor');
  await expect(form.getByLabel('User group')).toHaveValue(/[0-9a-f-]{36}/);
  await expectAccessible(page);
  await form.getByLabel('Email address').fill(email);
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('heading', { name: 'Nadia Visitor' })).toBeVisible();
  await expect(
    page.getByText('Nadia Visitor is added, and we have emailed them a link to set their password'),
  ).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);

  // Change their group.
  await page.getByLabel('User group').selectOption({ label: 'Teachers' });
  await page.getByRole('button', { name: 'Change group' }).click();
  await expect(page.getByText('The group is changed.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Details' }).getByText('Teachers', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByRole('heading', { name: 'Activity: Nadia Visitor' })).toBeVisible();
  await page.goBack();
  await page.getByRole('link', { name: 'Security log' }).click();
  await expect(page.getByRole('heading', { name: 'Security log: Nadia Visitor' })).toBeVisible();
  await expectAccessible(page);

  // The trust lead is signed in on another device.
  const other = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const victim = await other.newPage();
  try {
    await signIn(victim, 'trust.safeguarding@haven.test');
    await victim.getByRole('link', { name: 'Continue without key' }).click();
    await expect(victim.getByRole('heading', { name: 'Hello, Priya' })).toBeVisible();

    await page.goto(schoolUrl('demo', '/admin/users'));
    await page.getByLabel('Name or email').fill('Priya');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/q=Priya/);

    // Removing her 2FA devices needs the notice confirmed: without the tick nothing happens.
    await page.getByRole('link', { name: 'Priya Raman' }).click();
    await expect(page.getByRole('heading', { name: 'Priya Raman' })).toBeVisible();
    await page.getByRole('button', { name: 'Remove all 2FA devices' }).click();
    await expect(page.getByText('Tick the box to confirm you have read and understood the notice.')).toBeVisible();
    await expect(
      page.getByRole('checkbox', { name: 'I confirm that I have read and understand this notice' }),
    ).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Demo authenticator')).toBeVisible();
    await expectAccessible(page);
    await page.goBack();
    await expect(page).toHaveURL(/q=Priya/);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Deactivate Priya Raman' }).click();
    await expect(page.getByRole('button', { name: 'Deactivate Priya Raman' })).toHaveCount(0);

    await (await headerMenu(victim)).getByRole('link', { name: 'Security keys' }).click();
    await expect(victim).toHaveURL(schoolUrl('demo', '/login'));
  } finally {
    // Other tests sign in as the trust lead: leave them as they were.
    await page.goto(schoolUrl('demo', '/admin/users/deactivated'));
    await expectAccessible(page);
    const reactivate = page.getByRole('link', { name: 'Reactivate Priya Raman' });
    if ((await reactivate.count()) > 0) {
      // Reactivating asks again for the address and the group, filled in with what they were.
      await reactivate.click();
      await expect(page.getByLabel('Email address')).toHaveValue('trust.safeguarding@haven.test');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Reactivate Priya Raman' }).click();
      await expect(page.getByText('Priya Raman is reactivated and can sign in again.')).toBeVisible();
      await page.goto(schoolUrl('demo', '/admin/users/deactivated'));
    }
    await expect(page.getByRole('link', { name: 'Reactivate Priya Raman' })).toHaveCount(0);
  }
  await signIn(victim, 'trust.safeguarding@haven.test');
  await expect(victim).toHaveURL(schoolUrl('demo', '/elevate'));
  await other.close();
});

test('an administrator opens the user groups and their permission matrix', async ({ browser }) => {
  const page = await dsl.get(browser);
  await page.goto(schoolUrl('demo', '/admin/groups'));
  await expect(page.getByRole('heading', { name: 'User groups' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Pastoral' }).click();
  await expect(page.getByRole('heading', { name: 'Pastoral' })).toBeVisible();
  await expect(page.getByText('A group with users cannot be removed.')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'View student list' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Administration' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'View incidents: Child Protection' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'View incidents: Behaviour' })).toBeChecked();
  await expectAccessible(page);

  // A new group with one right, saved and shown again as saved.
  const name = `Visitors ${Date.now() % 100000}`;
  await page.goto(schoolUrl('demo', '/admin/groups/new'));
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('checkbox', { name: 'View library' }).check();
  await page.getByRole('checkbox', { name: 'Add incidents: Behaviour' }).check();
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'View library' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Add incidents: Behaviour' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Add incidents: Bullying' })).not.toBeChecked();
  await expectAccessible(page);
});

test('an administrator changes the security message every page shows, with bad input kept and explained', async ({
  browser,
}) => {
  const page = await dsl.get(browser);
  await (await headerMenu(page)).getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('link', { name: 'School settings' }).first().click();
  await expect(page.getByRole('heading', { name: 'School settings' })).toBeVisible();
  await expectAccessible(page);

  const message = page.getByLabel('Security message');
  const original = await message.inputValue();
  await page.getByLabel('Blank the screen after (minutes without use)').fill('0');
  await message.fill('Lock the screen when you step away from it.');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('At least 1 minute.')).toBeVisible();
  await expect(message).toHaveValue('Lock the screen when you step away from it.');

  await page.getByLabel('Blank the screen after (minutes without use)').fill('15');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved. Everyone sees the change from their next click.')).toBeVisible();
  await page.goto(schoolUrl('demo', '/'));
  await expect(page.getByRole('banner').getByText('Lock the screen when you step away from it.')).toBeVisible();

  // Put it back for the other tests.
  await page.goto(schoolUrl('demo', '/admin/settings'));
  // On a phone the section strip is wider than the screen: the current section is scrolled into sight.
  const current = page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'School settings' });
  await expect(current).toHaveAttribute('aria-current', 'page');
  await expect(current).toBeInViewport({ ratio: 1 });
  await page.getByLabel('Security message').fill(original);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
});

test('an administrator reads what someone did to a pupil’s record as a sentence naming the pupil, with no stored details', async ({
  browser,
}) => {
  const page = await dsl.get(browser);
  await page.goto(schoolUrl('demo', '/'));
  // The demo's pupils arrive through the mis-import job shortly after the server starts.
  const search = page.getByRole('combobox', { name: 'Quick Student Search' });
  const zoe = page
    .getByRole('listbox', { name: 'Matching pupils' })
    .getByRole('option')
    .filter({ hasText: "Zoë O'Brien" });
  await expect(async () => {
    await search.fill('');
    await search.fill('zoe ob');
    await expect(zoe).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 90_000 });
  await zoe.click();
  await expect(page.getByRole('heading', { name: "Zoë O'Brien" })).toBeVisible();
  const profile = new URL(page.url()).pathname;

  await page.goto(schoolUrl('demo', '/admin/users'));
  await page.getByRole('link', { name: 'David Okafor' }).first().click();
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByRole('heading', { name: 'Activity: David Okafor' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'Viewed the Overview tab' }).first();
  await expect(row.getByRole('link', { name: "Zoë O'Brien" })).toHaveAttribute('href', profile);
  // The row says what was done; the pupil's id and the stored details stay out of the page.
  await expect(row).not.toContainText('studentId');
  await expect(row).not.toContainText('student.viewed');
  await expectAccessible(page);
});

test('an administrator cannot change the address of someone who signs in with it at another school too', async ({
  browser,
}) => {
  const page = await dsl.get(browser);
  await page.goto(schoolUrl('demo', '/admin/users'));
  await page.getByRole('link', { name: 'Priya Raman' }).first().click();
  await expect(page.getByRole('heading', { name: 'Priya Raman' })).toBeVisible();
  const address = page.getByLabel('Email address');
  await address.fill('priya@demo.haven.test');
  await page.getByRole('button', { name: 'Change email' }).click();
  // The reason sits by the field, what was typed stays, and nothing changed.
  await expect(
    page.getByText('They sign in with this address at another school too, so it can only be changed by Haven support'),
  ).toBeVisible();
  await expect(address).toHaveValue('priya@demo.haven.test');
  await page.reload();
  await expect(page.getByLabel('Email address')).toHaveValue('trust.safeguarding@haven.test');
  await expectAccessible(page);
});
