// opfolg serve in Debian's chromium, driven by playwright-core (no browser is
// downloaded): the secretariat's steps, and axe-core on every page.
//
// Run by .ci/run after `cargo test` (which built target/debug/opfolg):
//   cd tests/browser && npm ci && node --test
// OPFOLG_BIN names another binary; screenshots go to skaermbilleder/.
// The tests run in order: the archive's takes the PDF the second one downloaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { bin, checkout, shots, startServer, launchBrowser, accessible } from './faelles.mjs';

const inputs = join(checkout, 'inputs');
const port = 18700 + (process.pid % 1000);
const base = `http://127.0.0.1:${port}`;
const work = mkdtempSync(join(tmpdir(), 'opfolg-browser-'));

let server;
let browser;

before(async () => {
  server = await startServer(['--port', String(port), '--archive', join(work, 'arkiv')], work);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  if (!process.env.BEHOLD) rmSync(work, { recursive: true, force: true });
});

/** A page in a browser of its own (its own cookies: its own session). */
async function newPage() {
  const context = await browser.newContext({ acceptDownloads: true });
  return context.newPage();
}

async function uploadFiles(page, files) {
  await page.goto(`${base}/`);
  await page.getByLabel(/Projektmapper \(/).setInputFiles(files);
  await page.getByRole('button', { name: 'Tjek projektmapperne' }).click();
  await page.waitForLoadState();
}

/** Waits until all of a workbook's documents are made: the PDFs come
 * first (the page shows them while the Word documents are made), so the
 * page is reloaded by its script until the Word documents are there too. */
async function allMade(page) {
  await page.getByRole('link', { name: /^Word \(DOCX\) af / }).first().waitFor();
  assert.equal(await page.locator('[data-fremdrift]').count(), 0, 'nothing is being made');
}

function pdfText(path) {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

test('a blank workbook downloads, and checked it shows its located problems', async () => {
  const page = await newPage();
  await page.goto(`${base}/`);
  await accessible(page, '1-forside');
  await page.getByLabel('Kontrakter, én pr. enhed').check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Hent tom projektmappe' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'tom-kontrakter.xlsx');
  const blank = join(work, 'tom-kontrakter.xlsx');
  await download.saveAs(blank);
  assert.equal(readFileSync(blank).subarray(0, 2).toString(), 'PK');
  // The blank workbook, dropped back: its empty fields are errors, each at its cell.
  await uploadFiles(page, [blank]);
  await page.getByRole('heading', { name: /Projektmappen har \d+ fejl/ }).waitFor();
  // The focus is on the error summary: Tab goes on to its first link.
  assert.equal(await page.evaluate(() => document.activeElement.className), 'fejlresume');
  const rows = page.locator('table.problemer tbody tr');
  assert.ok((await rows.count()) > 0);
  const first = await rows.first().locator('td').allInnerTexts();
  assert.notEqual(first[0], '–', `the sheet is named: ${first}`);
  assert.match(first[5], /^OF\d{4}$/);
  // The error summary links to the row.
  await page.locator('.fejlresume li a').first().click();
  assert.match(page.url(), /#problem-1$/);
  assert.equal(await page.getByRole('button', { name: /Lav PDF/ }).count(), 0, 'nothing is made from errors');
  await accessible(page, '2-fejl');
  await page.context().close();
});

test('a broken copy shows its cell, and the good workbook gives the PDF build gives', async () => {
  const page = await newPage();
  // Not a workbook at all.
  const broken = join(work, 'halvaar-i-stykker.xlsx');
  writeFileSync(broken, readFileSync(join(inputs, 'halvaarsopfoelgning-2008.xlsx')).subarray(0, 5000));
  await uploadFiles(page, [broken]);
  await page.getByRole('heading', { name: /Projektmappen har 1 fejl/ }).waitFor();
  assert.match(await page.locator('table.problemer').innerText(), /OF01\d\d/);

  await uploadFiles(page, [join(inputs, 'halvaarsopfoelgning-2008.xlsx')]);
  await page.getByRole('button', { name: 'Lav PDF og Word-dokument' }).click();
  await allMade(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'PDF af halvårsopfølgning' }).or(page.locator('a[href$="/fil/0"]')).first().click(),
  ]);
  const pdf = join(work, 'fra-siden.pdf');
  await download.saveAs(pdf);
  // The same document the command line makes, to the text.
  const out = join(work, 'ud');
  execFileSync(bin, ['build', join(inputs, 'halvaarsopfoelgning-2008.xlsx'), '--out', out, '--format', 'pdf'], { cwd: work, stdio: 'ignore' });
  const text = pdfText(pdf);
  assert.equal(text, pdfText(join(out, 'halvaarsopfoelgning-2008.pdf')));
  assert.match(text, /Halvårsopfølgning/);
  // The preview draws the pages.
  const img = page.locator('ol.sider img').first();
  await img.scrollIntoViewIfNeeded();
  assert.ok(await img.evaluate((i) => i.complete && i.naturalWidth > 500), 'the first page is drawn');
  await accessible(page, '3-dokumenter');
  await page.context().close();
});

test('a contract workbook gives a zip of every contract', async () => {
  const page = await newPage();
  await uploadFiles(page, [join(inputs, 'kontrakter-2008.xlsx')]);
  await page.getByRole('button', { name: 'Lav PDF og Word-dokument' }).click();
  const link = page.getByRole('link', { name: /Hent alle \d+ dokumenter som zip/ });
  const n = Number((await link.innerText()).match(/\d+/)[0]);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const zip = join(work, 'kontrakter.zip');
  await download.saveAs(zip);
  const names = execFileSync('python3', ['-c', 'import sys,zipfile;print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip], { encoding: 'utf8' }).trim().split('\n');
  // A PDF, a DOCX and the copy to sign through NemLog-in for every contract.
  assert.equal(names.length, 3 * n);
  assert.equal(names.filter((x) => x.endsWith('-til-underskrift.pdf')).length, n);
  assert.ok(names.every((x) => /^kontrakt-2008-[a-z0-9-]+\.(pdf|docx)$/.test(x)), names.join(' '));
  await accessible(page, '4-kontrakter');
  await page.context().close();
});

test('the page refuses a foreign Host and a form from another session', async () => {
  // fetch() will not set Host; node's http will.
  const status = await new Promise((resolve, reject) => {
    http.get(`${base}/`, { headers: { Host: `evil.example:${port}` } }, (r) => resolve(r.statusCode)).on('error', reject);
  });
  assert.equal(status, 421);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/`);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(`${base}/`);
  // The other browser's form token does not fit this session.
  const token = await otherPage.locator('input[name=_csrf]').first().inputValue();
  await page.locator('input[name=_csrf]').first().evaluate((el, t) => { el.value = t; }, token);
  await page.getByLabel(/Projektmapper \(/).setInputFiles([join(inputs, 'maaloversigt-2007.xlsx')]);
  await page.getByRole('button', { name: 'Tjek projektmapperne' }).click();
  await page.getByRole('heading', { name: 'Formularen kan ikke bruges' }).waitFor();
  await accessible(page, '5-afvist');
  await context.close();
  await other.close();
});

test('a signed PDF goes into the archive and shows its signer; a changed one is refused', async () => {
  // The signature cases of tests/archive_signatures.rs, made from the PDF
  // the page gave (a small PKI and pyHanko: nothing goes to the network).
  const cases = join(work, 'signatur');
  execFileSync('python3', [join(checkout, 'tests/fixtures/signatures/make.py'), join(work, 'fra-siden.pdf'), cases], { stdio: 'ignore' });
  const anchors = join(work, 'arkiv', 'betroede-certifikater');
  mkdirSync(anchors, { recursive: true });
  copyFileSync(join(cases, 'betroede-certifikater', 'rod.cer'), join(anchors, 'rod.cer'));
  const page = await newPage();
  // The paper carries no workbook: the archive keeps the one dropped on the
  // page beside the record.
  await uploadFiles(page, [join(inputs, 'halvaarsopfoelgning-2008.xlsx')]);
  const archive = async (file) => {
    await page.goto(`${base}/arkiv`);
    await page.getByLabel(/Den endelige eller underskrevne PDF/).setInputFiles([file]);
    await page.getByRole('button', { name: 'Arkivér' }).click();
    await page.waitForLoadState();
  };
  await archive(join(cases, 'signed.pdf'));
  await page.getByRole('heading', { name: /^Nr\. \d+: / }).waitFor();
  const signatures = await page.locator('section[aria-labelledby=underskrifter]').innerText();
  assert.match(signatures, /Borgmester Bo Jensen \(Eksempel Kommune\): gyldig, underskriver bekræftet/);
  await accessible(page, '6-arkivpost');
  await archive(join(cases, 'new-content.pdf'));
  await page.getByRole('heading', { name: "PDF'en er ikke arkiveret" }).waitFor();
  assert.match(await page.locator('main').innerText(), /ændret efter underskriften/);
  // The archive lists the signed record only, and searching finds it by its signer.
  await page.goto(`${base}/arkiv`);
  await page.getByLabel(/Titel, enhed/).fill('Bo Jensen');
  await page.getByRole('button', { name: 'Søg' }).click();
  const rows = page.locator('main table tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /Borgmester Bo Jensen/);
  assert.doesNotMatch(await rows.first().innerText(), /underskrevet af/i, 'the column says it once');
  await accessible(page, '7-arkiv');
  await page.goto(`${base}/arkiv/kontrol`);
  assert.match(await page.locator('main').innerText(), /1 poster kontrolleret: alle i orden/);
  await accessible(page, '8-kontrol');
  await page.context().close();
});

test('a corrected version shows its changes first, and its PDF has the Rettelser section', async () => {
  // The half-year workbook with its title changed (a copy edited in its XML).
  const corrected = join(work, 'halvaar-rettet.xlsx');
  execFileSync('python3', ['-c', `
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as b:
    for item in a.infolist():
        data = a.read(item.filename)
        if item.filename == 'xl/sharedStrings.xml':
            data = data.replace('på resultatkontrakter<'.encode(), 'på resultatkontrakterne<'.encode())
        b.writestr(item, data)
`, join(inputs, 'halvaarsopfoelgning-2008.xlsx'), corrected]);
  const page = await newPage();
  await uploadFiles(page, [join(inputs, 'halvaarsopfoelgning-2008.xlsx'), corrected]);
  await page.getByRole('link', { name: 'halvaar-rettet.xlsx' }).click();
  await page.getByLabel('Sammenlign med den forrige udgave').selectOption({ label: 'halvaarsopfoelgning-2008.xlsx' });
  await page.getByRole('button', { name: 'Vis ændringerne' }).click();
  await page.getByRole('heading', { name: 'Ændret fra halvaarsopfoelgning-2008.xlsx' }).waitFor();
  const changes = await page.locator('ul.rettelser').innerText();
  assert.match(changes, /resultatkontrakterne/);
  await accessible(page, '9-rettelse');
  await page.getByRole('button', { name: /Lav PDF og Word-dokument \(rettet udgave\)/ }).click();
  await allMade(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[href$="/fil/0"]').click()]);
  const pdf = join(work, 'rettet.pdf');
  await download.saveAs(pdf);
  const text = pdfText(pdf);
  assert.match(text, /RETTELSER\s[^•]*•\s+Rapport:\s+titel\s+ændret\s+fra\s+Halvårsopfølgning\s+på\s+resultatkontrakter\s+til/);
  await page.context().close();
});

test('while a contract batch is made, its progress is a labelled meter in a live region, and the downloads appear', async () => {
  // Other users' batches hold every turn, so this one waits and its
  // progress page is seen.
  const others = [];
  for (let i = 0; i < availableParallelism(); i++) {
    const other = await newPage();
    await uploadFiles(other, [join(inputs, 'kontrakter-2008.xlsx')]);
    await other.getByRole('button', { name: 'Lav PDF og Word-dokument' }).click();
    others.push(other);
  }
  const page = await newPage();
  await uploadFiles(page, [join(inputs, 'kontrakter-2008.xlsx')]);
  // The test answers the script's questions first, so the page holds still
  // while it is checked; then the server answers.
  const said = { making: true, planned: 20, done: 3, pdf: false };
  await page.route('**/fremdrift', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(said) }));
  await page.getByRole('button', { name: 'Lav PDF og Word-dokument' }).click();
  await page.getByRole('heading', { name: 'Dokumenterne laves' }).waitFor();
  const status = page.getByRole('status');
  assert.equal(await status.getAttribute('aria-live'), 'polite');
  const meter = status.getByRole('progressbar', { name: 'Lavet:' });
  await page.waitForFunction(() => document.querySelector('progress').value === 3);
  assert.deepEqual(await meter.evaluate((m) => [m.max, m.value]), [20, 3]);
  assert.match(await status.innerText(), /3 af 20: PDF'erne laves først, så Word-dokumenterne/);
  assert.equal(await page.getByRole('link', { name: /^PDF af / }).count(), 0, 'nothing to download yet');
  await accessible(page, '10-fremdrift');
  await page.unroute('**/fremdrift');
  // The script shows the documents as they come, without the user reloading.
  const zip = page.getByRole('link', { name: /Hent alle \d+ dokumenter som zip/ });
  await zip.waitFor({ timeout: 120000 });
  const n = Number((await zip.innerText()).match(/\d+/)[0]);
  await allMade(page);
  assert.equal(await page.getByRole('link', { name: /^PDF af kontrakt for / }).count(), n);
  assert.equal(await page.getByRole('link', { name: /^PDF til underskrift af kontrakt for / }).count(), n);
  assert.equal(await page.getByRole('link', { name: /^Word \(DOCX\) af kontrakt for / }).count(), n);
  await accessible(page, '11-fremdrift-faerdig');
  await page.context().close();
  for (const other of others) await other.context().close();
});

test('the preview shows every page of the PDF, each with its text alternative, reached by keyboard', async () => {
  const page = await newPage();
  await uploadFiles(page, [join(inputs, 'kontrakter-2008.xlsx')]);
  await page.getByRole('button', { name: 'Lav PDF og Word-dokument' }).click();
  await allMade(page);
  // By keyboard only: Tab to the second contract's "vis siderne", Enter.
  let reached = false;
  for (let i = 0; i < 300 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => /[?&]vis=1(&|#|$)/.test(document.activeElement?.getAttribute('href') ?? ''));
  }
  assert.ok(reached, 'the second contract\'s "vis siderne" is reached with Tab');
  const label = (await page.evaluate(() => document.activeElement.textContent)).replace(/\s+/g, ' ').replace(/^vis siderne af /, '');
  await page.keyboard.press('Enter');
  await page.waitForURL(/vis=1/);
  const heading = page.getByRole('heading', { name: `Sådan ser ${label} ud` });
  await heading.waitFor();
  const images = page.locator('ol.sider img');
  const pages = await images.count();
  assert.ok(pages > 0);
  for (let i = 0; i < pages; i++) {
    const img = images.nth(i);
    assert.equal(await img.getAttribute('alt'), `Side ${i + 1} af ${pages} af ${label}`);
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 500, await img.elementHandle());
  }
  // Exactly the pages of that contract's PDF.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: `PDF af ${label}`, exact: true }).click(),
  ]);
  const pdf = join(work, 'forhaandsvist.pdf');
  await download.saveAs(pdf);
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  assert.equal(Number(info.match(/^Pages:\s+(\d+)/m)[1]), pages, 'as many pictures as the PDF has pages');
  await accessible(page, '12-forhaandsvisning');
  await page.context().close();
});
