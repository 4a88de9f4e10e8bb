// Registers sw.js over http(s) once the app runs; never reloads by itself (ARCHITECTURE.md, Offline).
(() => {
  const sw = navigator.serviceWorker;
  if (!sw || !/^https?:$/.test(location.protocol)) return;
  const script = new URL('sw.js', document.currentScript.src);
  const start = async () => {
    const registration = await sw.register(script);
    // A new version installed and waits while this page runs the old one: the page shows a notice.
    const ready = () => registration.waiting && sw.controller && dispatchEvent(new CustomEvent('troika:update-ready'));
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => worker.state === 'installed' && ready());
    });
    ready();
    // The user clicked Reload: the waiting worker takes over, then the page reloads.
    addEventListener('troika:update-accept', () => {
      const waiting = registration.waiting;
      if (!waiting) return location.reload();
      sw.addEventListener('controllerchange', () => location.reload(), { once: true });
      waiting.postMessage('troika:skip-waiting');
    });
  };
  addEventListener('TrunkApplicationStarted', () => start().catch(() => {}), { once: true });
})();
