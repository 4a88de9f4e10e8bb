// A small static file server for dist/ on 127.0.0.1 (no dependencies). The end-to-end tests use
// it to check the release build as shipped, and `make serve` uses it to serve that build.
//
// - `prefix` serves the build under a path (`/tools/troika/`), as an intranet does, to prove
//   the page's asset URLs are relative; anything outside the prefix is 404.
// - Text and wasm are sent gzipped to a client that accepts it, as a static host does.
// - Hashed files (`name-<hash>.js`) may be cached for a year; the rest is revalidated.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.txt', '.webmanifest']);

/**
 * Serves `root` on `host` (127.0.0.1) on `port` (0: a free one), under `prefix` (default `/`).
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveDir(root, { prefix = '/', port = 0, host = '127.0.0.1', cache = false } = {}) {
  const base = resolve(root);
  const gzipped = new Map(); // file → { mtimeMs, body }: each file is compressed once per version
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`prefix must start and end with /: ${prefix}`);
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      if (path + '/' === prefix) {
        res.writeHead(301, { location: prefix }).end();
        return;
      }
      if (!path.startsWith(prefix)) throw new Error('outside the prefix');
      path = '/' + path.slice(prefix.length);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end();
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const { mtimeMs } = await stat(file);
      let body = await readFile(file);
      const ext = extname(file);
      const headers = {
        'content-type': TYPES[ext] ?? 'application/octet-stream',
        'cache-control': !cache ? 'no-store' : /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      };
      if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        const hit = gzipped.get(file);
        if (hit?.mtimeMs === mtimeMs) body = hit.body;
        else gzipped.set(file, { mtimeMs, body: (body = gzipSync(body, { level: 9 })) });
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const address = server.address();
  return {
    url: `http://${host}:${address.port}${prefix}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

// `node static-server.mjs DIR [PORT] [HOST]`: serve DIR until stopped (`make serve`).
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'dist', port = '8080', host = '127.0.0.1'] = process.argv.slice(2);
  const { url } = await serveDir(dir, { port: Number(port), host, cache: true });
  console.log(`Troika: ${url} (serving ${dir}; Ctrl+C stops)`);
}
