// End-to-end: the release build in Debian's headless Chromium, driven by playwright-core.
// Run by `make test` after `trunk build --release`; screenshots go to tests/e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDir } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', 'dist');
const artifacts = join(here, 'artifacts');

// Without the background-networking flags Chromium keeps dialling out of this closed network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
  { width: 420, height: 800 },
];

let server;
let context;
let profile;

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), `no release build in ${dist}: run \`make build\``);
  await mkdir(artifacts, { recursive: true });
  server = await serveDir(dist);
  profile = await mkdtemp(join(tmpdir(), 'troika-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORTS[0],
  });
});

after(async () => {
  await context?.close();
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** Opens the page and records every request, console error and page error. */
async function openPage(viewport) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const seen = { requests: [], consoleErrors: [], pageErrors: [], failed: [] };
  page.on('request', (request) => seen.requests.push(request.url()));
  page.on('requestfailed', (request) => seen.failed.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  await page.goto(server.url, { waitUntil: 'networkidle' });
  await page.locator('[data-testid=kpi-revenue]').waitFor({ state: 'visible', timeout: 15_000 });
  return { page, seen };
}

function isLocal(url) {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

test('the page loads and shows the June revenue as a number', async () => {
  const { page } = await openPage(VIEWPORTS[0]);
  try {
    assert.match(await page.title(), /^Troika/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('h1').textContent(), 'Troika');
    const text = (await page.locator('[data-testid=kpi-revenue]').textContent()).trim();
    const revenue = Number(text.replace(/[^\d.-]/g, ''));
    assert.match(text, /\d/, `kpi-revenue shows no digits: "${text}"`);
    assert.ok(Number.isFinite(revenue) && revenue > 0, `kpi-revenue is not a positive number: "${text}"`);
  } finally {
    await page.close();
  }
});

test('no console errors, no page errors, no failed requests', async () => {
  const { page, seen } = await openPage(VIEWPORTS[0]);
  await page.close();
  assert.deepEqual(seen.pageErrors, [], 'page errors');
  assert.deepEqual(seen.consoleErrors, [], 'console errors');
  assert.deepEqual(seen.failed, [], 'failed requests');
});

test('every request stays on this machine (127.0.0.1 / localhost)', async () => {
  const { page, seen } = await openPage(VIEWPORTS[0]);
  await page.close();
  assert.ok(seen.requests.length >= 3, `expected the page, its script and wasm; saw ${seen.requests}`);
  assert.ok(seen.requests.some((url) => url.endsWith('.wasm')), 'the wasm was requested');
  assert.deepEqual(seen.requests.filter((url) => !isLocal(url)), [], 'requests to other hosts');
});

for (const viewport of VIEWPORTS) {
  const name = `${viewport.width}x${viewport.height}`;
  test(`screenshot at ${name}`, async () => {
    const { page, seen } = await openPage(viewport);
    const file = join(artifacts, `page-${name}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true });
    } finally {
      await page.close();
    }
    assert.ok((await stat(file)).size > 1000, `${file} is empty`);
    assert.deepEqual(seen.pageErrors, [], 'page errors');
  });
}
