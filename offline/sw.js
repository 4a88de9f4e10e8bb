// Troika's service worker. scripts/post-build.mjs writes it into dist/ with PRECACHE filled in:
// every file of the build (but this one), each with the SHA-256 of its content. A new build
// therefore means a new sw.js, a new cache named after the list's hash, and a new worker that
// waits until the page says the user chose to reload (register.js). Everything is relative to
// the worker's scope, so the build works under any path prefix.
const PRECACHE = /* precache */ {};
const VERSION = '/* version */';
const CACHE = `troika-${VERSION}`;
const scope = self.registration.scope;

/** The absolute URL of a file of the build, from its path in dist/. */
const at = (path) => new URL(path, scope).href;

/** The SRI value (`sha256-…`) of some bytes: what PRECACHE holds for each file. */
async function sri(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `sha256-${btoa(String.fromCharCode(...digest))}`;
}

/**
 * The response for one file of this build: from an older cache when it holds the same bytes
 * (a file the new build did not change), else from the network, checked against its hash by the
 * browser (`integrity`) and fetched past the HTTP cache, so a half-deployed build fails to
 * install instead of mixing versions.
 */
async function fetchFile(path, integrity) {
  const url = at(path);
  const old = await caches.match(url);
  if (old && (await sri(await old.clone().arrayBuffer())) === integrity) return old;
  const response = await fetch(new Request(url, { cache: 'reload', integrity }));
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const files = await Promise.all(Object.entries(PRECACHE).map(async ([path, integrity]) => [path, await fetchFile(path, integrity)]));
      const cache = await caches.open(CACHE);
      await Promise.all(files.map(([path, response]) => cache.put(at(path), response)));
    })(),
  );
});

// Only this build's cache is kept; other caches of the origin are not Troika's to delete.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('troika-') && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// The user clicked Reload on the "new version" notice.
self.addEventListener('message', (event) => {
  if (event.data === 'troika:skip-waiting') self.skipWaiting();
});

// Cache first for the build's files; any page inside the scope is answered with index.html, so
// a reload works offline. Anything else goes to the network as if there were no worker.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  let path = decodeURIComponent(new URL(request.url).pathname.slice(new URL(scope).pathname.length));
  if (request.mode === 'navigate' && !Object.hasOwn(PRECACHE, path)) path = 'index.html';
  if (!Object.hasOwn(PRECACHE, path)) return;
  event.respondWith(
    (async () => (await (await caches.open(CACHE)).match(at(path))) ?? fetch(request))(),
  );
});
