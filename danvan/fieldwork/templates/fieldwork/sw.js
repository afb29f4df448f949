{% autoescape off %}/* Service worker of the visit form (served by danvan.fieldwork.views.service_worker; scope /lam-viec/di-co-so/).
   Keeps the form page and its static files so the form opens with no network; visits themselves are
   queued by static/js/fieldwork.js, never by this worker. */
"use strict";
const CACHE = "danvan-fieldwork-{{ version }}";
const ASSETS = {{ assets_json }};
const FORM_URL = {{ form_url_json }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all([
        cache.addAll(ASSETS),
        fetch(FORM_URL, { credentials: "same-origin" }).then((response) => {
          if (response.ok && !response.redirected) { return cache.put(FORM_URL, response); }
          return undefined;
        }).catch(() => undefined),
      ])
    ).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(
      keys.filter((key) => key.startsWith("danvan-fieldwork-") && key !== CACHE).map((key) => caches.delete(key))
    )).then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    // Network first; without network, the cached page (the form for every page of the app).
    event.respondWith(
      fetch(request).then((response) => {
        if (url.pathname === FORM_URL && response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(FORM_URL, copy));
        }
        return response;
      }).catch(() => caches.match(FORM_URL).then(
        (cached) => cached || Response.error()
      ))
    );
    return;
  }
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((cached) => cached || fetch(request)));
  }
});
{% endautoescape %}
