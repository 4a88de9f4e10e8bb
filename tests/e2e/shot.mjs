// Ad-hoc screenshots for a developer's eyes: node tests/e2e/shot.mjs <preset> <tab> [lang] [out]
import { chromium } from 'playwright-core';
import { serveDir } from './static-server.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = dirname(fileURLToPath(import.meta.url));
const [preset = 'leaky-bucket', tab = 'bottleneck', lang = 'en', out = '/tmp/shots/shot.png'] = process.argv.slice(2);
const server = await serveDir(join(here, '..', '..', 'dist'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: lang === 'zh' ? 'zh-CN' : 'en-GB' });
page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(`${server.url}#preset=${preset}`);
await page.waitForSelector('[data-testid=kpi-revenue]');
// The analyses panel loads when it first comes near the screen (src/ui/deferred.rs).
await page.locator('.analyses-place').scrollIntoViewIfNeeded();
await page.click(`[data-testid=tab-${tab}]`);
await page.waitForTimeout(300);
const el = await page.$('[data-testid=analyses]');
await el.screenshot({ path: out });
console.log(await page.evaluate(() => document.querySelector('[data-testid=verdict]')?.textContent));
await browser.close();
await server.close();
