// opfolg serve --konti in Debian's chromium: a page asked for goes to the
// login page, a wrong password is said in the error summary, the right one
// leads to the front page, logging out ends the session; axe-core on the
// login page (also with its error) and the logout page.
//
// Run by .ci/run with serve.test.mjs (node --test runs every *.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, startServer, launchBrowser, accessible } from './faelles.mjs';

// Another range of ports than serve.test.mjs's, which runs at the same time.
const port = 19700 + (process.pid % 1000);
const base = `http://127.0.0.1:${port}`;
const work = mkdtempSync(join(tmpdir(), 'opfolg-konti-'));
const password = 'et-langt-kodeord-i-browseren';

let server;
let browser;

before(async () => {
  const file = join(work, 'konti');
  // The password on standard input, as a script gives it.
  execFileSync(bin, ['konti', '--fil', file, 'tilfoej', 'Anna Sekretær'], { input: `${password}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  assert.ok(!readFileSync(file, 'utf8').includes(password));
  server = await startServer(['--port', String(port), '--konti', file, '--archive', join(work, 'arkiv')], work);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  if (!process.env.BEHOLD) rmSync(work, { recursive: true, force: true });
});

test('a user logs in with the keyboard, sees the page, and logs out', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Any page leads to the login page first.
  await page.goto(`${base}/arkiv`);
  assert.equal(new URL(page.url()).pathname, '/log-ind');
  await page.getByRole('heading', { name: 'Log ind', level: 1 }).waitFor();
  assert.equal(await page.getByRole('navigation').count(), 0, 'no menu of pages one cannot see');
  await accessible(page, 'konti-1-log-ind');

  // A wrong password: said in the summary, focus-able, fields marked.
  await page.getByLabel('Navn').fill('Anna Sekretær');
  await page.getByLabel('Adgangskode').fill('forkert-kodeord-123');
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Navnet eller adgangskoden er forkert/);
  assert.equal(await page.getByLabel('Navn').inputValue(), 'Anna Sekretær', 'the name is kept');
  assert.equal(await page.getByLabel('Adgangskode').inputValue(), '', 'the password is not');
  assert.equal(await page.getByLabel('Navn').getAttribute('aria-invalid'), 'true');
  // The focus is on the summary, so a screen reader and the keyboard start there.
  assert.equal(await page.evaluate(() => document.activeElement.className), 'fejlresume');
  await accessible(page, 'konti-2-forkert');

  // The right one, typed and sent with Enter; the name in another case.
  await page.getByLabel('Navn').fill('anna sekretær');
  await page.getByLabel('Adgangskode').focus();
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Opfølgning på resultatkontrakterne' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'opfolg');
  assert.ok(session && session.httpOnly && session.sameSite === 'Strict', JSON.stringify(cookies));

  // Logging out: the menu's link, a page saying who, a button.
  await page.getByRole('link', { name: 'Log ud' }).click();
  assert.match(await page.locator('main').innerText(), /logget ind som Anna Sekretær/);
  await accessible(page, 'konti-3-log-ud');
  await page.getByRole('button', { name: 'Log ud' }).click();
  assert.equal(new URL(page.url()).pathname, '/log-ind');
  // The login page says it worked.
  assert.match(await page.getByRole('status').innerText(), /^Du er logget ud\./);
  await accessible(page, 'konti-4-logget-ud');
  // The old cookie is dead: set again by hand, it still leads to the login page.
  await context.addCookies([{ ...session }]);
  await page.goto(`${base}/`);
  assert.equal(new URL(page.url()).pathname, '/log-ind');
  await context.close();
});
