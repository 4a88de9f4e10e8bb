// Troika's host script (docs/embed.md): div[data-troika] and <troika-plan> become iframes of the
// embed.html beside this file, as tall as their content; Troika.embed(element, options) for scripts.
(() => {
  if (window.Troika) return;
  const script = document.currentScript;
  const page = new URL('embed.html', (script && script.src) || location.href);
  const ORIGIN = page.origin; // the only origin heard and posted to
  const FLAGS = ['preset', 'lang', 'theme', 'levers', 'charts', 'kpis', 'readonly', 'months', 'title'];
  const EVENTS = ['ready', 'change', 'error'];
  const done = new WeakSet(); // divs scan() has seen
  // Any value as text ('' if it cannot be): arrays as comma lists. At most 4,000 characters, so
  // that a huge value still makes a URL the browser opens (the widget then says it is too long).
  const str = (v) => {
    try {
      return (v == null ? '' : Array.isArray(v) ? v.join(',') : String(v)).slice(0, 4000);
    } catch {
      return '';
    }
  };
  // An option the widget cannot take as written: an object, a function (a plan aside), named on
  // the host page's console and left out.
  const typed = (k, v) => {
    if (['string', 'number', 'boolean'].includes(typeof v) || Array.isArray(v)) return true;
    console.warn(`Troika.embed: options.${k} must be text, a number, true/false or a list, not ${typeof v}; left out.`);
    return false;
  };

  // embed.html's URL: flags in the query, a share link's fragment (plan=…) as the hash.
  function src(o) {
    const u = new URL(page);
    // Flags first, then any other name (the widget names it in its notice: a typo shows).
    const names = [...FLAGS, ...Object.keys(o).filter((k) => k != 'plan' && !FLAGS.includes(k))];
    for (const k of names) {
      let v = o[k];
      if (v == null || !typed(k, v)) continue;
      if (k == 'readonly' && (v === '' || typeof v == 'boolean')) v = v === false ? 0 : 1; // `readonly` alone means 1
      u.searchParams.set(k, str(v)); // an empty one too: the widget says what it takes
    }
    if (/^https?:/.test(location.origin)) u.searchParams.set('origins', location.origin); // this page may talk to the widget
    let plan = o.plan;
    if (plan && typeof plan == 'object') {
      // A plan object travels as share links carry it: base64url of its JSON (UTF-8).
      try {
        let bin = '';
        for (const b of new TextEncoder().encode(JSON.stringify(plan))) bin += String.fromCharCode(b);
        plan = 'plan=' + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      } catch {
        plan = '';
      }
    }
    if (typeof plan == 'string') u.hash = plan.replace(/^#/, '');
    else if (plan != null) console.warn(`Troika.embed: options.plan must be a share link's fragment or a plan object, not ${typeof plan}; left out.`);
    return u.href;
  }

  function embed(el, options) {
    if (!(el instanceof Element)) throw new TypeError('Troika.embed: not an element');
    if (options != null && typeof options != 'object') console.warn(`Troika.embed: options must be an object, not ${typeof options}; left out.`);
    const o = options != null && typeof options == 'object' ? options : {};
    const frame = document.createElement('iframe');
    const handlers = {};
    const pending = new Map(); // request id → [resolve, reject]
    let queue = []; // requests made before `ready`
    let ready = null; // the ready message, once it came
    let n = 0;
    frame.title = (typeof o.title == 'string' && o.title.trim().slice(0, 80)) || 'Troika';
    // Downloads for the charts' PNG, the clipboard for Copy image; never the host's navigation.
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-downloads');
    frame.allow = 'clipboard-write';
    frame.style.cssText = 'width:100%;height:480px;border:0;display:block';
    frame.src = src(o);

    const settle = (id, ok, value) => {
      const p = pending.get(id);
      pending.delete(id);
      p[ok ? 0 : 1](value);
    };
    const post = (m) => {
      try {
        frame.contentWindow.postMessage(m, ORIGIN);
      } catch (e) {
        settle(m.id, 0, e); // e.g. a plan that cannot be cloned
      }
    };
    const emit = (type, data) => {
      for (const fn of handlers[type] || []) {
        try {
          fn(data);
        } catch (e) {
          reportError(e); // one bad handler must not stop the others
        }
      }
      el.dispatchEvent(new CustomEvent('troika:' + type, { detail: data }));
    };
    const listen = (e) => {
      const d = e.data;
      if (e.source !== frame.contentWindow || e.origin !== ORIGIN || !d || d.troika !== 1) return;
      const t = d.type;
      if (t == 'resize') {
        const h = Math.ceil(d.height);
        if (h >= 0) frame.style.height = Math.min(10000, Math.max(100, h)) + 'px';
      } else if (['projection', 'plan', 'error'].includes(t) && pending.has(d.id)) {
        settle(d.id, t != 'error', t == 'plan' ? d.plan : d);
      } else if (EVENTS.includes(t)) {
        if (t == 'ready' && !ready) {
          ready = d;
          queue.forEach(post);
          queue = [];
        }
        emit(t, d);
      }
    };
    // A request: a promise settled by the reply with its id.
    const ask = (type, fields) =>
      new Promise((ok, no) => {
        const m = Object.assign({ troika: 1, type, id: ++n }, fields);
        pending.set(m.id, [ok, no]);
        ready ? post(m) : queue.push(m);
      });

    const handle = {
      element: el,
      iframe: frame,
      setPlan: (plan) => ask('setPlan', { plan }),
      setLever: (path, value) => ask('setLever', { path, value }),
      getProjection: () => ask('getProjection'),
      getPlan: () => ask('getPlan'),
      on(type, fn) {
        if (typeof fn == 'function') {
          (handlers[type] = handlers[type] || []).push(fn);
          if (type == 'ready' && ready) queueMicrotask(() => fn(ready)); // subscribed late
        }
        return handle;
      },
      off(type, fn) {
        if (handlers[type]) handlers[type] = handlers[type].filter((f) => f !== fn);
        return handle;
      },
      destroy() {
        removeEventListener('message', listen);
        frame.remove();
        pending.forEach(([, no]) => no(new Error('Troika widget destroyed')));
        pending.clear();
        queue = [];
        handle.setPlan = handle.setLever = handle.getProjection = handle.getPlan = () => Promise.reject(new Error('Troika widget destroyed'));
        if (el.troika === handle) delete el.troika;
      },
    };
    addEventListener('message', listen);
    el.replaceChildren(frame);
    el.troika = handle;
    return handle;
  }

  // Options from attributes: data-lang on a div, lang on <troika-plan>. (Other data-* attributes
  // are the host's own: frameworks add theirs, data-v-… say. Not the widget's to report; but one
  // a letter or so from a flag, data-month or data-chart, is a slip the console names.)
  const read = (el, prefix) => {
    const o = {};
    for (const k of [...FLAGS, 'plan']) if (el.hasAttribute(prefix + k)) o[k] = el.getAttribute(prefix + k);
    for (const a of el.getAttributeNames()) {
      const k = a.slice(prefix.length);
      const near = a.startsWith(prefix) && !(k in o) && k.length > 2 && FLAGS.find((f) => f != k && (f.startsWith(k) || k.startsWith(f)));
      if (near) console.warn(`Troika: ${a} is not a flag of the widget, left out; did you mean ${prefix}${near}?`);
    }
    return o;
  };
  function scan() {
    for (const el of document.querySelectorAll('div[data-troika]')) {
      // Not one made already (by Troika.embed, with its own options and the reader's edits).
      if (!done.has(el) && !el.troika) {
        done.add(el);
        embed(el, read(el, 'data-'));
      }
    }
  }

  window.Troika = { embed, scan, version: 1 };
  if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();

  // <troika-plan preset="june" lang="zh">: a widget while it is in the document.
  if (window.customElements && !customElements.get('troika-plan')) {
    customElements.define(
      'troika-plan',
      class extends HTMLElement {
        connectedCallback() {
          if (!this.troika) embed(this, read(this, ''));
        }
        disconnectedCallback() {
          if (this.troika) this.troika.destroy();
        }
      },
    );
  }
})();
