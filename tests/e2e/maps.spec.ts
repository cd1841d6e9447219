/**
 * School maps on a phone: the DSL, using their key, uploads a map in
 * Admin → Maps (a text file named .png is refused by the field, the title
 * kept) and a second one, moved up the order; a teacher's add-incident form
 * offers the first beside the body maps and a marker is placed on it; the
 * incident, the chronology and the pupil's combined map show it. The DSL
 * disables it: the teacher's new form no longer offers it, and the old
 * incident still shows it. The picture is served with its type, `private`
 * and `nosniff`; another id is the 404. Screenshots at 360 px and 1280 px.
 */
import fs from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { elevateWithKey, pickPupil, signInOn, signInOnPhone } from './support/sign-in';
import { schoolUrl } from './support/urls';

test.describe.configure({ mode: 'serial' });

const TITLE = `Playground ${Date.now().toString(36)}`;
const SECOND = `Hall ${Date.now().toString(36)}`;
const TEXT = 'Mohammed fell near the climbing frame and said another pupil pushed him.';
const PNG = fs.readFileSync('tests/fixtures/maps/playground.png');
const JPEG = fs.readFileSync('tests/fixtures/maps/classroom.jpg');

let dslState = '';
let pupilId = '';
let mapSrc = '';

async function dslPage(browser: Browser, width = 360): Promise<Page> {
  const context = await browser.newContext({
    storageState: dslState,
    viewport: { width, height: width < 600 ? 780 : 900 },
  });
  return context.newPage();
}

/** A GET made by the page itself (its cookies and origin): status and headers. */
const fetchFromPage = (page: Page, path: string) =>
  page.evaluate(async (p) => {
    const r = await fetch(p);
    return { status: r.status, headers: Object.fromEntries(r.headers.entries()) };
  }, path);

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  await signInOn(page, 'dsl@demo.haven.test');
  await elevateWithKey(page);
  // The demo's pupils arrive through the mis-import job shortly after the server starts.
  await expect
    .poll(
      async () =>
        page.evaluate(async () => {
          const r = await fetch('/students/search?q=mohammed%20al', { headers: { accept: 'application/json' } });
          return JSON.stringify(await r.json());
        }),
      { timeout: 90_000 },
    )
    .toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  const found = await page.evaluate(async () => {
    const r = await fetch('/students/search?q=mohammed%20al', { headers: { accept: 'application/json' } });
    return JSON.stringify(await r.json());
  });
  pupilId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(found)![0];
  dslState = testInfo.outputPath('dsl-elevated.json');
  fs.mkdirSync(testInfo.outputDir, { recursive: true });
  await context.storageState({ path: dslState });
  await context.close();
});

test('the DSL uploads a map: a disguised file is refused by its field, the title kept', async ({
  browser,
}, testInfo) => {
  const page = await dslPage(browser);
  await page.goto(schoolUrl('demo', '/admin'));
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Maps' }).click();
  await expect(page.getByRole('heading', { name: 'Maps', level: 1 })).toBeVisible();
  const list = page.getByRole('list', { name: 'Maps' });
  await expect(list.getByRole('heading', { name: 'Body (front)' })).toBeVisible();

  await page.getByLabel('Title', { exact: true }).fill(TITLE);
  await page
    .getByLabel('Picture')
    .setInputFiles({ name: 'map.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
  await page.getByRole('button', { name: 'Upload map' }).click();
  await expect(page.getByText('This file is not a JPEG or PNG image.', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue(TITLE);
  await expect(page.getByLabel('Picture')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  await page.getByLabel('Picture').setInputFiles({ name: 'playground.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Upload map' }).click();
  await expect(page.getByRole('status')).toContainText('The map is uploaded');
  const item = list.getByRole('listitem').filter({ has: page.getByRole('heading', { name: TITLE }) });
  await expect(item).toContainText('Offered');
  mapSrc = (await item.locator('img').getAttribute('src')) ?? '';
  expect(mapSrc).toMatch(/^\/maps\/[0-9a-f-]{36}\/image$/);
  // The thumbnail loaded: the browser decoded the picture it was served.
  await expect.poll(() => item.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(400);

  const served = await fetchFromPage(page, mapSrc);
  expect(served.status).toBe(200);
  expect(served.headers['content-type']).toBe('image/png');
  expect(served.headers['cache-control']).toMatch(/^private\b/);
  expect(served.headers['x-content-type-options']).toBe('nosniff');
  expect((await fetchFromPage(page, '/maps/00000000-0000-4000-8000-000000000000/image')).status).toBe(404);

  // A second map, a JPEG, goes last; moved up, it comes before the first.
  await page.getByLabel('Title', { exact: true }).fill(SECOND);
  await page.getByLabel('Picture').setInputFiles({ name: 'hall.jpg', mimeType: 'image/jpeg', buffer: JPEG });
  await page.getByRole('button', { name: 'Upload map' }).click();
  await expect(page.getByRole('status')).toContainText('The map is uploaded');
  await page.getByRole('button', { name: `Move up ${SECOND}` }).click();
  await expect(page.getByRole('status')).toContainText('The order is saved');
  const titles = await list.getByRole('heading').allTextContents();
  expect(titles.indexOf(SECOND)).toBe(titles.indexOf(TITLE) - 1);

  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('admin-maps-360.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('admin-maps-1280.png'), fullPage: true });
  await page.context().close();
});

let incidentNumber = 0;

test('a teacher’s add-incident form offers the map and places a marker on it', async ({ browser }, testInfo) => {
  const page = await signInOnPhone(browser, 'teacher@demo.haven.test');
  await page.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(page, 'Pupil', 'mohammed al', /Mohammed Al-Hassan/);
  await page.getByLabel('What happened').fill(TEXT);
  await page.getByRole('checkbox', { name: 'Safeguarding', exact: true }).check();
  const map = page.getByRole('application', { name: new RegExp(`^${TITLE}:`) });
  await expect(map).toBeVisible();
  await expect(page.getByRole('application', { name: /Body \(front\)/ })).toBeVisible();
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width * 0.25, y: box.height * 0.5 } });
  await page.getByLabel(new RegExp(`Note for marker 1 \\(${TITLE}\\)`)).fill('Grazed knee by the climbing frame');
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('add-incident-map-360.png'), fullPage: true });
  await page.getByRole('button', { name: 'Save incident' }).click();
  const recorded = page.getByRole('heading', { name: /Incident #\d+ is recorded/ });
  await expect(recorded).toBeVisible();
  incidentNumber = Number(/#(\d+)/.exec((await recorded.textContent()) ?? '')?.[1]);
  await page.context().close();
});

async function expectIncidentShowsMap(page: Page) {
  await page.goto(schoolUrl('demo', `/students/${pupilId}/incidents`));
  const card = page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: new RegExp(`^Incident #${incidentNumber}\\b`) }) });
  await expect(card.getByText(TEXT)).toBeVisible();
  await expect(card.getByRole('img', { name: `${TITLE} with markers` })).toBeVisible();
  await expect(card.getByText('Grazed knee by the climbing frame')).toBeVisible();
  await page.goto(schoolUrl('demo', `/students/${pupilId}`));
  await expect(page.getByRole('img', { name: `${TITLE}: 1 marker` })).toBeVisible();
}

test('the incident shows the marker on the map, in the chronology and the combined map', async ({
  browser,
}, testInfo) => {
  const page = await dslPage(browser);
  await expectIncidentShowsMap(page);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('overview-map-360.png'), fullPage: true });
  await page.goto(schoolUrl('demo', `/students/${pupilId}/incidents`));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('chronology-map-1280.png'), fullPage: true });
  await page.context().close();
});

test('disabled, the map is no longer offered, and the old incident still shows it', async ({ browser }) => {
  const admin = await dslPage(browser);
  await admin.goto(schoolUrl('demo', '/admin/maps'));
  const item = admin
    .getByRole('list', { name: 'Maps' })
    .getByRole('listitem')
    .filter({ has: admin.getByRole('heading', { name: TITLE }) });
  await item.getByRole('button', { name: `Disable ${TITLE}` }).click();
  await expect(admin.getByRole('status')).toContainText('The map is disabled');
  await expect(item).toContainText('Disabled');
  await expectAccessible(admin);

  const teacher = await signInOnPhone(browser, 'teacher@demo.haven.test');
  await teacher.getByRole('link', { name: 'Add incident' }).click();
  await expect(teacher.getByRole('application', { name: /Body \(front\)/ })).toBeVisible();
  await expect(teacher.getByRole('application', { name: new RegExp(`^${TITLE}:`) })).toHaveCount(0);
  await teacher.context().close();

  await expectIncidentShowsMap(admin);
  // Its picture is still served: past incidents draw it.
  expect((await fetchFromPage(admin, mapSrc)).status).toBe(200);

  // Renamed, the new title shows on the incident that used it; a title another map has is refused, kept typed.
  const renamed = `${TITLE} (lower)`;
  await admin.goto(schoolUrl('demo', '/admin/maps'));
  await item.getByText(`Rename ${TITLE}`).click();
  await item.getByLabel('New title').fill(SECOND);
  await item.getByRole('button', { name: 'Save title' }).click();
  await expect(item.getByText('Another map already has this title')).toBeVisible();
  await expect(item.getByLabel('New title')).toHaveValue(SECOND);
  await item.getByLabel('New title').fill(renamed);
  await item.getByRole('button', { name: 'Save title' }).click();
  const renamedItem = admin
    .getByRole('list', { name: 'Maps' })
    .getByRole('listitem')
    .filter({ has: admin.getByRole('heading', { name: renamed }) });
  await expect(renamedItem.getByRole('status')).toContainText('Renamed');
  await admin.goto(schoolUrl('demo', `/students/${pupilId}/incidents`));
  await expect(admin.getByRole('img', { name: `${renamed} with markers` }).first()).toBeVisible();
  await admin.context().close();
});
