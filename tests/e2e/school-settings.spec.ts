/**
 * School configuration on a phone: Northfield's DSL (its own school, so the
 * demo school the other specs use keeps its calendar, zone and sign-in page)
 * enters this academic year's terms in Admin → Calendar, after a mistake
 * that is explained by its field; changes the school's time zone; uploads a
 * logo (a web page renamed .png is refused first) and sees it on the
 * school's sign-in page, and only there; then makes a picture it adds to the
 * library the logo instead. The spec puts the zone back and removes the logo
 * at the end.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { png } from '../support/images';
import { expectAccessible } from './support/a11y';
import { freshTotp } from './support/totp';
import { schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

const EMAIL = 'dsl@northfield.haven.test';
const SECRET = 'KRUGS4ZANFZSAYJAMRSW233TMVRXEZLU';
const SCHOOL = 'Northfield Primary School';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
}

/** The English academic year holding today, as this school would enter it. */
function thisYear() {
  const now = new Date();
  const first = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const next = first + 1;
  return {
    name: `${first}/${String(next % 100).padStart(2, '0')}`,
    startsOn: `${first}-09-01`,
    endsOn: `${next}-08-31`,
    terms: [
      ['Autumn', `${first}-09-03`, `${first}-12-18`],
      ['Spring', `${next}-01-05`, `${next}-03-26`],
      ['Summer', `${next}-04-12`, `${next}-08-31`],
    ] as const,
  };
}

let admin: Page;

test('the DSL enters this year’s terms in Admin → Calendar', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  admin = await context.newPage();
  await admin.goto(schoolUrl('northfield', '/login'));
  await admin.getByLabel('Email address').fill(EMAIL);
  await admin.getByLabel('Password').fill(DEMO_PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await expect(admin).toHaveURL(schoolUrl('northfield', '/elevate'));
  await admin.getByLabel('Code from your authenticator app').fill(await freshTotp(SECRET));
  await admin.getByRole('button', { name: 'Use key' }).click();
  await expect(admin.getByRole('banner').getByText('Using your key')).toBeVisible();

  await (await headerMenu(admin)).getByRole('link', { name: 'Administration' }).click();
  await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Calendar' }).click();
  await expect(admin.getByRole('heading', { name: 'Calendar', level: 1 })).toBeVisible();
  await expect(admin.getByText(/No calendar is entered, so the England default applies/)).toBeVisible();
  await expectAccessible(admin);
  await screenshots(admin, testInfo, 'calendar-default');

  const year = thisYear();
  await admin.getByRole('link', { name: 'Add an academic year' }).click();
  await expect(admin.locator('#field-name')).toHaveValue(year.name);
  await expect(admin.locator('#field-startsOn')).toHaveValue(year.startsOn);
  for (const [i, [name, from, to]] of year.terms.entries()) {
    await admin.locator(`#field-term${i + 1}Name`).fill(name);
    await admin.locator(`#field-term${i + 1}Start`).fill(from);
    await admin.locator(`#field-term${i + 1}End`).fill(to);
  }
  // A slip: spring typed as starting before autumn ends.
  await admin.locator('#field-term2Start').fill(year.terms[0][2]);
  await admin.locator('#field-closures').fill(`${year.terms[0][1].slice(0, 4)}-10-23 INSET day`);
  await admin.getByRole('button', { name: 'Add the year' }).click();
  await expect(admin.getByText(`This term overlaps term 1, which ends on ${year.terms[0][2]}.`)).toBeVisible();
  await expect(admin.locator('#field-term3Start')).toHaveValue(year.terms[2][1]);
  await expect(admin.locator('#field-closures')).toHaveValue(/INSET day/);
  await expectAccessible(admin);
  await screenshots(admin, testInfo, 'calendar-year-form');

  await admin.locator('#field-term2Start').fill(year.terms[1][1]);
  await admin.getByRole('button', { name: 'Add the year' }).click();
  await expect(admin.getByText('The academic year is added.')).toBeVisible();
  await expect(admin.getByRole('link', { name: year.name })).toBeVisible();
  await expect(admin.getByText(`This academic year is ${year.name}`)).toBeVisible();
  await expect(admin.getByText(/England default applies/)).toHaveCount(0);
  await expectAccessible(admin);
  await screenshots(admin, testInfo, 'calendar-with-year');
});

test('the DSL changes the school’s time zone', async () => {
  await admin
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'School settings' })
    .click();
  const zone = admin.getByLabel('Time zone');
  await expect(zone).toHaveValue('Europe/London');
  await zone.selectOption('Pacific/Auckland');
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await expect(admin.getByText('Saved. Everyone sees the change from their next click.')).toBeVisible();
  await admin.reload();
  await expect(admin.getByLabel('Time zone')).toHaveValue('Pacific/Auckland');
  // The calendar's "today" is the school's day in its new zone.
  await admin.goto(schoolUrl('northfield', '/admin/calendar'));
  const today = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Pacific/Auckland' }).format(
    new Date(),
  );
  await expect(admin.getByRole('heading', { name: `Today, ${today}` })).toBeVisible();
});

test('the DSL uploads a logo, a disguised file is refused, and the sign-in page shows it', async ({
  browser,
}, testInfo) => {
  await admin.goto(schoolUrl('northfield', '/admin/settings'));
  const file = admin.getByLabel('Upload a logo');
  await file.setInputFiles({
    name: 'logo.png',
    mimeType: 'image/png',
    buffer: Buffer.from('<html><body><script>alert(1)</script></body></html>'),
  });
  await admin.getByRole('button', { name: 'Upload logo' }).click();
  await expect(admin.getByText('That file is not a PNG or JPEG image (whatever its name says).')).toBeVisible();

  await admin
    .getByLabel('Upload a logo')
    .setInputFiles({ name: 'crest.png', mimeType: 'image/png', buffer: Buffer.from(png(240, 80)) });
  await admin.getByRole('button', { name: 'Upload logo' }).click();
  await expect(admin.getByText('Logo saved. It shows on the sign-in page and on printed documents.')).toBeVisible();
  await expect(admin.getByRole('img', { name: 'The school’s logo as stored' })).toBeVisible();
  // The page refreshed to show the new logo, and the confirmation is still there.
  await expect(admin.getByText('Logo saved. It shows on the sign-in page and on printed documents.')).toBeVisible();
  await expectAccessible(admin);
  await screenshots(admin, testInfo, 'settings-with-logo');

  const visitor = await (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
  await visitor.goto(schoolUrl('northfield', '/login'));
  const logo = visitor.getByRole('img', { name: `${SCHOOL} logo` });
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
  await expectAccessible(visitor);
  await screenshots(visitor, testInfo, 'sign-in-with-logo');
  // Another school's sign-in page has no logo, and its logo address serves only its own (none).
  await visitor.goto(schoolUrl('demo', '/login'));
  await expect(visitor.getByRole('img', { name: /logo/ })).toHaveCount(0);
  // Opened in the browser (Chromium resolves *.localhost; the test's own HTTP client does not).
  expect((await visitor.goto(schoolUrl('demo', '/school-logo')))!.status()).toBe(404);
  const own = (await visitor.goto(schoolUrl('northfield', '/school-logo')))!;
  expect(own.status()).toBe(200);
  expect(own.headers()['content-type']).toBe('image/png');
  expect(own.headers()['x-content-type-options']).toBe('nosniff');
  await visitor.context().close();
});

test('the DSL makes a picture from the library the logo', async () => {
  await admin.goto(schoolUrl('northfield', '/library'));
  await expect(admin.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await admin
    .getByLabel('Files to add')
    .setInputFiles([{ name: 'crest-wide.png', mimeType: 'image/png', buffer: Buffer.from(png(300, 100)) }]);
  await expect(admin.getByRole('list', { name: 'Uploads' }).getByText('Uploaded')).toHaveCount(1);

  await admin.goto(schoolUrl('northfield', '/admin/settings'));
  await admin.getByLabel('Use an image from the library').selectOption({ label: 'crest-wide.png' });
  await admin.getByRole('button', { name: 'Use this image' }).click();
  const saved = admin.getByText('Logo saved from the library. It shows on the sign-in page and on printed documents.');
  await expect(saved).toBeVisible();
  // The stored logo is now the library's picture (300 px wide; the uploaded one was 240).
  const stored = admin.getByRole('img', { name: 'The school’s logo as stored' });
  await expect.poll(() => stored.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(300);
  await expect(saved).toBeVisible();
});

test('afterwards the zone goes back and the logo is removed', async () => {
  await admin.goto(schoolUrl('northfield', '/admin/settings'));
  await admin.getByRole('button', { name: 'Remove logo' }).click();
  await expect(admin.getByText('No logo yet: the sign-in page and documents show the name only.')).toBeVisible();
  await admin.getByLabel('Time zone').selectOption('Europe/London');
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await expect(admin.getByText('Saved. Everyone sees the change from their next click.')).toBeVisible();
  await admin.context().close();
});
