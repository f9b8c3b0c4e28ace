// The session screens' service worker (served as /session-worker.js). It keeps a copy of the
// session pages a champion has opened, and of the files those pages need, so the record screen
// opens with no network. Pages are fetched from the network first and the copy is used only
// when the network fails. Only these pages are kept, and they are dropped on sign-out.
const PAGES = 'thirdspace-session-pages-v1';
const ASSETS = 'thirdspace-session-assets-v1';
const ASSET_FILES = [
  '/static/app.css',
  '/static/app.js',
  '/static/session-record.js',
  '/nhsuk/nhsuk-frontend.min.css',
  '/nhsuk/nhsuk-frontend.min.js',
  '/assets/images/favicon.ico',
  '/assets/images/favicon.svg',
  '/assets/images/nhsuk-icon-mask.svg',
  '/assets/images/nhsuk-icon-180.png',
  '/assets/manifest.json',
];

/** True for the pages kept for offline use: a session's record screen and the lists of sessions. */
function isSessionPage(pathname) {
  return (
    /^\/sessions\/[0-9a-f-]{36}\/record$/i.test(pathname) ||
    /^\/organisations\/[0-9a-f-]{36}\/sessions$/i.test(pathname) ||
    pathname === '/champion/sessions'
  );
}

/** True for the static files those pages load. */
function isAsset(pathname) {
  return /^\/(static|nhsuk|assets)\//.test(pathname);
}

/** The cache key of a page: its path only (a notice in the query is not worth a second copy). */
function pageKey(url) {
  return new URL(url.pathname, url.origin).href;
}

/** Keeps a copy of a page response when it is a real page (not an error or a redirect to sign in). */
async function keepPage(key, response) {
  if (response.ok && !response.redirected && response.type === 'basic') {
    const cache = await caches.open(PAGES);
    await cache.put(key, response);
  }
}

async function networkFirstPage(request) {
  const url = new URL(request.url);
  const key = pageKey(url);
  try {
    const response = await fetch(request);
    // A page with a query carries a one-off notice ("recorded"); the plain page is the one to keep.
    if (url.search === '') {
      await keepPage(key, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await caches.match(key, { cacheName: PAGES });
    if (kept) {
      return kept;
    }
    throw error;
  }
}

async function networkFirstAsset(request) {
  const cache = await caches.open(ASSETS);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) {
      return kept;
    }
    throw error;
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(ASSETS)
      .then((cache) => cache.addAll(ASSET_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('thirdspace-session-') && name !== PAGES && name !== ASSETS)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// A page asks for itself (and the sessions list) to be kept, so the very first visit, made
// before this worker was in control, is available offline too.
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'keep-pages' || !Array.isArray(data.paths)) {
    return;
  }
  event.waitUntil(
    Promise.all(
      data.paths
        .filter((pathname) => typeof pathname === 'string' && isSessionPage(pathname))
        .map(async (pathname) => {
          const url = new URL(pathname, self.location.origin);
          try {
            await keepPage(pageKey(url), await fetch(url, { credentials: 'same-origin', redirect: 'follow' }));
          } catch {
            // Offline now: the page will be kept the next time it is opened online.
          }
        }),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === 'POST' && url.pathname === '/sign-out') {
    // Signing out removes the kept pages: the next person on this phone must not see them.
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== 'GET') {
    return;
  }
  if (request.mode === 'navigate' && isSessionPage(url.pathname)) {
    event.respondWith(networkFirstPage(request));
  } else if (isAsset(url.pathname)) {
    event.respondWith(networkFirstAsset(request));
  }
});
