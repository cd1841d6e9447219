/**
 * The platform console, end to end, as issue 18's first "Done when" reads: an
 * operator (with their key) creates a school; its administrator sets a
 * password and a key from the emailed link; a teacher there sends a support
 * request; the operator answers it and the teacher sees the answer; the
 * operator publishes the service-level agreement and the school's
 * administrator downloads it from Admin → Overview. On People, the operator
 * finds the teacher and adds them to the demo school, and they switch to it.
 * Its own operator (the demo's, used by no other spec) and a school it creates.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { headerMenu } from './support/header';
import { freshTotp } from './support/totp';
import { rootUrl, schoolUrl } from './support/urls';

const OPERATOR = DEMO_USERS.find((u) => u.operator)!;
const slug = `console-${Date.now().toString(36)}`;
const adminEmail = `head@${slug}.example.org`;
const teacherEmail = `teacher@${slug}.example.org`;
const PASSWORD = 'marble orchard kettle violin';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let ops: Page;
let headSecret = '';

/** The first-password link in the newest email to `to` (the development mailbox). */
async function linkFromMailbox(page: Page, to: string): Promise<string> {
  await page.goto(rootUrl('/dev/mail'));
  const message = page
    .getByRole('listitem')
    .filter({ hasText: to })
    .filter({ hasText: 'Set your Haven password' })
    .first();
  await expect(message).toBeVisible();
  const body = await message.locator('pre').innerText();
  return /https?:\/\/\S+reset-password\?token=[A-Za-z0-9_-]+/.exec(body)![0];
}

async function setPasswordAndSignIn(page: Page, email: string) {
  await page.goto(await linkFromMailbox(page, email));
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('Type it again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText('Your password is set. Sign in with it now.')).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function phone(browser: Browser): Promise<Page> {
  return (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  ops = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});

test('the console needs an operator’s password and key; nobody else gets in', async ({ browser }) => {
  // A school's administrator (a DSL with a key) is refused like a wrong password.
  const dsl = await phone(browser);
  await dsl.goto(rootUrl('/console'));
  await expect(dsl).toHaveURL(rootUrl('/console/sign-in'));
  await dsl.getByLabel('Email address').fill('dsl@demo.haven.test');
  await dsl.getByLabel('Password').fill(DEMO_PASSWORD);
  await dsl.getByRole('button', { name: 'Sign in' }).click();
  await expect(dsl.getByText('The email address or password is not right.')).toBeVisible();
  await dsl.goto(rootUrl('/console/support'));
  await expect(dsl).toHaveURL(rootUrl('/console/sign-in'));
  await dsl.context().close();

  await ops.goto(rootUrl('/console'));
  await ops.getByLabel('Email address').fill(OPERATOR.email);
  await ops.getByLabel('Password').fill(DEMO_PASSWORD);
  await ops.getByRole('button', { name: 'Sign in' }).click();
  await expect(ops.getByRole('heading', { name: 'Use your key' })).toBeVisible();
  // Without the key no console page opens.
  await ops.goto(rootUrl('/console/schools/new'));
  await expect(ops.getByRole('heading', { name: 'Use your key' })).toBeVisible();
  await expectAccessible(ops);
  await ops.getByLabel('Code from your authenticator app').fill(await freshTotp(OPERATOR.totpSecret!));
  await ops.getByRole('button', { name: 'Use key' }).click();
  await expect(ops.getByRole('heading', { name: 'Schools' })).toBeVisible();
  await expectAccessible(ops);
});

test('an operator creates a school; its administrator sets a password and a key and adds a teacher', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  await ops.getByRole('link', { name: 'Create a school' }).click();
  await ops.getByLabel('Address').fill('Not a slug!');
  await ops.getByLabel('School name').fill('Console Test School');
  await ops.getByLabel('First administrator’s name').fill('Hana Head');
  await ops.getByLabel('First administrator’s email').fill(adminEmail);
  await ops.getByRole('button', { name: 'Create school' }).click();
  await expect(ops.getByText('Use 2–40 lower-case letters, digits and hyphens.')).toBeVisible();
  await expect(ops.getByLabel('School name')).toHaveValue('Console Test School');
  await expectAccessible(ops);
  await ops.getByLabel('Address').fill(slug);
  await ops.getByRole('button', { name: 'Create school' }).click();
  await expect(ops.getByText(`School ${slug} created.`)).toBeVisible();
  await expect(ops.getByRole('row').filter({ hasText: 'Console Test School' })).toContainText('0');

  const head = await phone(browser);
  await setPasswordAndSignIn(head, adminEmail);
  await expect(head.getByRole('heading', { name: 'Hello, Hana' })).toBeVisible();
  await head.getByRole('link', { name: 'Add a key' }).click();
  await head.getByRole('button', { name: 'Add new device' }).click();
  const secret = (await head.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  headSecret = secret;
  await head.getByLabel('Name this device').fill('Phone');
  await head.getByLabel('Code shown in the app').fill(await freshTotp(secret));
  await head.getByRole('button', { name: 'Add device' }).click();
  await expect(head.getByText('Your authenticator app is added.')).toBeVisible();
  await head.getByRole('banner').getByRole('link', { name: 'Elevate your access' }).click();
  await head.getByLabel('Code from your authenticator app').fill(await freshTotp(secret));
  await head.getByRole('button', { name: 'Use key' }).click();
  await expect(head.getByRole('banner').getByText('Using your key')).toBeVisible();

  await head.goto(schoolUrl(slug, '/admin/users/new'));
  const form = head.getByRole('region', { name: 'Someone not in the MIS' });
  await form.getByLabel('Name', { exact: true }).fill('Theo Teach');
  await form.getByLabel('Email address').fill(teacherEmail);
  await form.getByLabel('User group').selectOption({ label: 'Teachers' });
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(head.getByText('Theo Teach is added')).toBeVisible();
  await head.context().close();
});

test('a teacher sends a support request; the operator answers; the teacher sees the answer', async ({ browser }) => {
  const teacher = await phone(browser);
  await setPasswordAndSignIn(teacher, teacherEmail);
  await expect(teacher.getByRole('heading', { name: 'Hello, Theo' })).toBeVisible();
  await (await headerMenu(teacher)).getByRole('link', { name: 'Contact support' }).click();
  await expect(teacher.getByRole('heading', { name: 'Contact support' })).toBeVisible();
  await teacher.getByLabel('Subject').fill('Printing a chronology');
  await teacher.getByLabel('Phone (optional)').fill('not a phone');
  await teacher.getByLabel('Message').fill('Where is the print button?');
  await teacher.getByRole('button', { name: 'Send to Haven support' }).click();
  await expect(teacher.getByText('Use only digits, spaces and + ( ) - . in the phone number.')).toBeVisible();
  await expect(teacher.getByLabel('Message')).toHaveValue('Where is the print button?');
  await expectAccessible(teacher);
  await teacher.getByLabel('Phone (optional)').fill('01234 567890');
  await teacher.getByRole('button', { name: 'Send to Haven support' }).click();
  await expect(teacher.getByText('Request #1 sent to Haven support.')).toBeVisible();
  const requestUrl = teacher.url().replace(/\?.*$/, '');

  await ops.getByRole('link', { name: 'Support requests' }).click();
  await ops.getByRole('link', { name: /Printing a chronology/ }).click();
  await expect(ops.getByText('Where is the print button?')).toBeVisible();
  await expectAccessible(ops);
  await ops.getByLabel('Answer').fill('Open the pupil, then Print at the top of the chronology.');
  await ops.getByRole('button', { name: 'Send answer' }).click();
  await expect(ops.getByText('Answer sent.')).toBeVisible();

  await teacher.goto(schoolUrl(slug, '/'));
  await expect(teacher.getByText('Haven support has answered you')).toBeVisible();
  await teacher.goto(requestUrl);
  await expect(teacher.getByTestId('support-answer')).toHaveText(
    'Open the pupil, then Print at the top of the chronology.',
  );
  await expectAccessible(teacher);
  await teacher.context().close();
});

test('the operator finds the teacher and adds them to another school; they switch to it', async ({ browser }) => {
  await ops.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'People' }).click();
  const find = ops.getByLabel('Email address', { exact: true });
  await find.fill(`nobody@${slug}.example.org`);
  await ops.getByRole('button', { name: 'Find' }).click();
  await expect(ops.getByText(`No Haven account has the address nobody@${slug}.example.org.`)).toBeVisible();
  await find.fill(teacherEmail);
  await ops.getByRole('button', { name: 'Find' }).click();
  await expect(ops.getByRole('row').filter({ hasText: 'Console Test School' })).toContainText('Teachers');
  await expectAccessible(ops);
  await ops.getByLabel('School', { exact: true }).selectOption({ label: 'Haven Demo Academy (demo)' });
  await ops.getByLabel('User group').selectOption('Teachers');
  await ops.getByRole('button', { name: 'Add to this school' }).click();
  await expect(ops.getByText(`${teacherEmail} was added to Haven Demo Academy.`)).toBeVisible();
  await expect(ops.getByRole('row').filter({ hasText: 'Haven Demo Academy' })).toContainText('Active');

  const teacher = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await teacher.goto(schoolUrl(slug, '/login'));
  await teacher.getByLabel('Email address').fill(teacherEmail);
  await teacher.getByLabel('Password').fill(PASSWORD);
  await teacher.getByRole('button', { name: 'Sign in' }).click();
  await expect(teacher.getByRole('heading', { name: 'Hello, Theo' })).toBeVisible();
  await teacher.getByLabel('Switch school (now Console Test School)').click();
  await teacher.getByRole('button', { name: 'Haven Demo Academy' }).click();
  await expect(teacher).toHaveURL(schoolUrl('demo', '/'));
  await expect(teacher.getByRole('heading', { name: 'Hello, Theo' })).toBeVisible();
  await teacher.context().close();
});

test('the operator publishes the service-level agreement; the school’s administrator downloads it', async ({
  browser,
}) => {
  await ops.getByRole('link', { name: 'Service agreement' }).click();
  await ops
    .getByLabel('The agreement (PDF, at most 10 MB)')
    .setInputFiles({ name: 'not.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html></html>') });
  await ops.getByRole('button', { name: 'Upload agreement' }).click();
  await expect(ops.getByText('This file is not a PDF.')).toBeVisible();
  await ops
    .getByLabel('The agreement (PDF, at most 10 MB)')
    .setInputFiles({ name: 'Haven SLA.pdf', mimeType: 'application/pdf', buffer: PDF });
  await ops.getByRole('button', { name: 'Upload agreement' }).click();
  await expect(ops.getByText('Agreement uploaded.')).toBeVisible();
  await expectAccessible(ops);

  const head = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await head.goto(schoolUrl(slug, '/login'));
  await head.getByLabel('Email address').fill(adminEmail);
  await head.getByLabel('Password').fill(PASSWORD);
  await head.getByRole('button', { name: 'Sign in' }).click();
  await expect(head).toHaveURL(schoolUrl(slug, '/elevate'));
  await head.getByLabel('Code from your authenticator app').fill(await freshTotp(headSecret));
  await head.getByRole('button', { name: 'Use key' }).click();
  await expect(head.getByRole('banner').getByText('Using your key')).toBeVisible();
  await (await headerMenu(head)).getByRole('link', { name: 'Administration' }).click();
  await head.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Overview' }).click();
  await expect(head.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(head.getByRole('link', { name: /Printing a chronology/ })).toBeVisible();
  await expectAccessible(head);
  const [download] = await Promise.all([
    head.waitForEvent('download'),
    head.getByRole('link', { name: 'Download the service-level agreement' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Haven SLA.pdf');
  const { readFileSync } = await import('node:fs');
  expect(readFileSync((await download.path())!)).toEqual(PDF);
  await head.context().close();
});
