// What a page of dist/ loads: the files the size budgets and `make bench` count.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');

/**
 * The wasm and JS files a page of dist/ loads (paths in dist/): its scripts and preloads, the
 * modules they import, and the wasm a boot module starts. What the size budgets count.
 */
export async function loadedBy(html, root = dist) {
  const seen = new Set();
  const source = await readFile(join(root, html), 'utf8');
  const queue = [...source.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\.?\/?([^"]+\.(?:js|wasm))"/g)].map((m) => m[1]);
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const code = await readFile(join(root, file), 'utf8');
    const base = dirname(file);
    // Imports, and a wasm a boot module names (to `init`, or to compile before it).
    for (const m of code.matchAll(/(?:from\s*|import\s*\(\s*|module_or_path:\s*)['"](\.{1,2}\/[^'"]+)['"]|['"](\.{1,2}\/[^'"]+\.wasm)['"]/g)) {
      queue.push(join(base, m[1] ?? m[2]).split('\\').join('/'));
    }
  }
  return [...seen].sort();
}

