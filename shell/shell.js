// Shows index.html's shell before the wasm runs, as the app will open (ARCHITECTURE.md, "The first paint").
(function () {
  var saved = null;
  var story = location.hash.length <= 1;
  try {
    saved = localStorage.getItem('troika.lang');
    if (localStorage.getItem('troika.plan.v1') !== null || localStorage.getItem('troika.large-type') === '1') story = false;
    if (sessionStorage.getItem('troika.plan.v1') !== null) story = false;
  } catch (e) {
    story = false;
  }
  var tag = saved === 'zh' || saved === 'en' ? saved : navigator.language || 'en';
  var zh = /^zh(?:[-_]|$)/i.test(tag);
  document.documentElement.setAttribute('data-shell', (zh ? 'zh' : 'en') + (story ? '' : ' plain'));
})();
