// What the browser tests share: the binary, starting `opfolg serve` and
// chromium, and the accessibility check every page goes through.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const here = dirname(fileURLToPath(import.meta.url));
export const checkout = join(here, '..', '..');
/** The opfolg under test: OPFOLG_BIN, else the debug build `cargo test` made. */
export const bin = process.env.OPFOLG_BIN ?? join(checkout, 'target', 'debug', 'opfolg');
export const shots = join(here, 'skaermbilleder');

/** Starts `opfolg serve` with `args` in `cwd`; resolves once it listens. */
export async function startServer(args, cwd) {
  mkdirSync(shots, { recursive: true });
  const server = spawn(bin, ['serve', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  // The server says where it runs once it listens.
  await new Promise((resolve, reject) => {
    let said = '';
    server.stderr.on('data', (d) => {
      said += d;
      if (said.includes('kører på')) resolve();
    });
    server.on('exit', (code) => reject(new Error(`opfolg serve stopped (${code}): ${said}`)));
  });
  return server;
}

/** Debian's chromium (CHROMIUM names another), without its sandbox as root. */
export function launchBrowser() {
  const root = process.getuid && process.getuid() === 0;
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: root ? ['--no-sandbox'] : [],
  });
}

/** Every axe-core violation of the page, said in a line each; a screenshot
 * at the page's width and at 400 px. */
export async function accessible(page, name) {
  const result = await new AxeBuilder({ page }).analyze();
  const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`);
  assert.deepEqual(problems, [], `${name}: ${problems.join('\n')}`);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  // On a phone (400 px), and so at 200 % zoom, nothing is wider than the
  // screen: no sideways scrolling to read a problem or a record.
  const size = page.viewportSize();
  await page.setViewportSize({ width: 400, height: 800 });
  const wider = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.screenshot({ path: join(shots, `${name}-400.png`), fullPage: true });
  // The tables shown as cards there keep what axe-core asks of them.
  const narrow = (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target).join(', ')})`);
  await page.setViewportSize(size);
  assert.deepEqual(narrow, [], `${name} at 400 px: ${narrow.join('\n')}`);
  assert.equal(wider, 0, `${name}: at 400 px the page is ${wider} px wider than the screen`);
}
