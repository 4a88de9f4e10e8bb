// Writes the app's PNG icons (public/icon-192.png, icon-512.png, icon-maskable-512.png) from
// public/favicon.svg, drawn by headless Chromium. Run once when the logo changes
// (`cd tests/e2e && node icons.mjs`) and commit the PNGs; the build only copies them.
// The maskable icon fills its square with the logo's colour and keeps the bars inside the
// central circle of radius 40% that every launcher mask leaves visible.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
// harness.mjs's flags (importing it would start a test run).
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const publicDir = join(here, '..', '..', 'public');
const logo = await readFile(join(publicDir, 'favicon.svg'), 'utf8');
const fill = logo.match(/<rect[^>]*fill="([^"]+)"/)[1];
const bars = logo.match(/<path[^>]*\/>/)[0];
// The bars' box with their round caps is x 6.25–25.75, y 6.25–23.75 (centre 16, 15): scaled by
// 0.75 about it, its farthest corner is 9.8 units from the centre, inside the 12.8 safe radius.
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${fill}"/><g transform="translate(16 16) scale(0.75) translate(-16 -15)">${bars}</g></svg>`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
try {
  for (const [name, svg, size] of [
    ['icon-192.png', logo, 192],
    ['icon-512.png', logo, 512],
    ['icon-maskable-512.png', maskable, 512],
  ]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
    await page.screenshot({ path: join(publicDir, name), omitBackground: true });
    await page.close();
    console.log(`public/${name}`);
  }
} finally {
  await browser.close();
}
