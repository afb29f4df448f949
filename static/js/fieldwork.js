/*
 * Offline visit capture (đi cơ sở). Without JavaScript the visit form is a normal form.
 *
 * With it:
 *  - a service worker (served by the app at /lam-viec/di-co-so/sw.js) keeps the form page and its files,
 *    so the form opens with no network;
 *  - when the device is offline, submitting the form stores the visit in localStorage (key below) with a
 *    client-generated UUID instead of posting it;
 *  - when the network returns (the "online" event, page load, or "Đồng bộ ngay"), the queue is sent to the
 *    JSON sync endpoint (session cookie + CSRF token fetched fresh from the same endpoint). The server
 *    records each client id once: a repeated sync answers "already recorded" and creates nothing.
 *  - conflicts (a unit outside the cadre's jurisdiction, the same id with other content) and invalid visits
 *    stay in the queue with the server's message, until the cadre edits or discards them.
 */
(function () {
  "use strict";

  var QUEUE_KEY = "danvan.fieldwork.queue";
  var syncing = false;

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function readQueue() {
    try {
      var items = JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function writeQueue(items) {
    window.localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
  }

  function texts() {
    var node = document.getElementById("fw-texts");
    return node ? node.dataset : {};
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function registerWorker() {
    var host = document.querySelector("[data-sw-url]");
    if (!host || !("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.register(host.dataset.swUrl, { scope: host.dataset.scope }).catch(function () {
      /* no worker (e.g. plain http on a LAN address): the form still works online */
    });
  }

  // --- The form ---------------------------------------------------------------------------------

  function selectedText(select) {
    var option = select && select.options[select.selectedIndex];
    return option ? option.textContent : "";
  }

  function serialize(form) {
    var value = function (name) {
      var field = form.elements.namedItem(name);
      return field ? field.value.trim() : "";
    };
    var observations = [];
    var total = parseInt(value("form-TOTAL_FORMS") || "0", 10);
    for (var i = 0; i < total; i++) {
      var topic = value("form-" + i + "-topic");
      var text = value("form-" + i + "-text");
      if (topic || text) {
        observations.push({
          topic: topic,
          tone: value("form-" + i + "-tone"),
          severity: value("form-" + i + "-severity"),
          text: text,
        });
      }
    }
    return {
      client_id: uuid4(),
      unit: value("unit"),
      unit_label: selectedText(form.elements.namedItem("unit")),
      visited_date: value("visited_date"),
      visited_time: value("visited_time"),
      kind: value("kind"),
      team: value("team"),
      purpose: value("purpose"),
      notes: value("notes"),
      observations: observations,
      queued_at: new Date().toISOString(),
      status: "pending",
      message: "",
    };
  }

  function fill(form, item) {
    var set = function (name, value) {
      var field = form.elements.namedItem(name);
      if (field) { field.value = value || ""; }
    };
    ["unit", "visited_date", "visited_time", "kind", "team", "purpose", "notes"].forEach(function (name) {
      set(name, item[name]);
    });
    var total = parseInt((form.elements.namedItem("form-TOTAL_FORMS") || {}).value || "0", 10);
    for (var i = 0; i < total; i++) {
      var obs = item.observations[i] || {};
      set("form-" + i + "-topic", obs.topic);
      set("form-" + i + "-tone", obs.tone || "neutral");
      set("form-" + i + "-severity", obs.severity || "1");
      set("form-" + i + "-text", obs.text);
    }
  }

  function freshClientId(form) {
    var field = form.elements.namedItem("client_id");
    if (field) { field.value = uuid4(); }
  }

  function showConnection() {
    var node = document.getElementById("fw-connection");
    if (!node) { return; }
    node.hidden = navigator.onLine;
    node.textContent = navigator.onLine ? "" : texts().offline;
  }

  // --- The queue ----------------------------------------------------------------------------------

  function statusLabel(status) {
    var t = texts();
    return { conflict: t.conflict, invalid: t.invalid }[status] || "";
  }

  function renderQueue(message) {
    var section = document.getElementById("fw-queue");
    var list = document.getElementById("fw-queue-list");
    var statusNode = document.getElementById("fw-queue-status");
    if (!section || !list) { return; }
    var items = readQueue();
    list.textContent = "";
    items.forEach(function (item) {
      var li = el("li", "fw-queued fw-" + item.status);
      li.dataset.clientId = item.client_id;
      var date = (item.visited_date || "").split("-").reverse().join("/");
      li.appendChild(el("span", "item-title", date + " " + (item.visited_time || "") + " — " + (item.unit_label || "")));
      li.appendChild(el("span", "item-meta", item.purpose));
      if (item.status === "conflict" || item.status === "invalid") {
        li.appendChild(el("span", "field-error", statusLabel(item.status) + ": " + item.message));
        var edit = el("button", "button button-secondary fw-small", texts().edit);
        edit.type = "button";
        edit.addEventListener("click", function () { editItem(item.client_id); });
        li.appendChild(edit);
        var drop = el("button", "button button-secondary fw-small", texts().discard);
        drop.type = "button";
        drop.addEventListener("click", function () { discardItem(item.client_id); });
        li.appendChild(drop);
      }
      list.appendChild(li);
    });
    section.hidden = items.length === 0 && !message;
    if (statusNode) {
      statusNode.textContent = (message ? message + " " : "") + (items.length ? texts().pending + " " + items.length : "");
    }
  }

  function showSynced(result) {
    var section = document.getElementById("fw-synced");
    var list = document.getElementById("fw-synced-list");
    if (!section || !list) { return; }
    var t = texts();
    var li = el("li", "fw-synced-item");
    var label = result.status === "created" ? t.created : t.already;
    li.appendChild(el("span", "item-title", label + ": " + (result.label || "")));
    if (result.url) {
      var link = el("a", "", t.open);
      link.href = result.url;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link);
    }
    list.insertBefore(li, list.firstChild);
    section.hidden = false;
  }

  function discardItem(clientId) {
    writeQueue(readQueue().filter(function (item) { return item.client_id !== clientId; }));
    renderQueue();
  }

  function editItem(clientId) {
    var form = document.getElementById("fw-visit-form");
    var item = readQueue().filter(function (entry) { return entry.client_id === clientId; })[0];
    if (!form || !item) { return; }
    fill(form, item);
    discardItem(clientId);
    form.scrollIntoView();
  }

  function sync() {
    var form = document.getElementById("fw-visit-form");
    var items = readQueue();
    if (!form || syncing || !items.length) { return Promise.resolve(); }
    syncing = true;
    var url = form.dataset.syncUrl;
    var t = texts();
    renderQueue(t.syncing);
    var sent = items.map(function (item) { return item.client_id; });
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) { throw new Error("login"); }
        if (!response.ok) { throw new Error("server"); }
        return response.json();
      })
      .then(function (data) {
        return fetch(url, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": data.csrf_token },
          body: JSON.stringify({ visits: items }),
        });
      })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) { throw new Error("login"); }
        if (!response.ok) { throw new Error("server"); }
        return response.json();
      })
      .then(function (data) {
        var byId = {};
        (data.results || []).forEach(function (result) { byId[result.client_id] = result; });
        // Items queued while the request was in flight are kept as they are.
        var remaining = readQueue().filter(function (item) {
          var result = byId[item.client_id];
          if (sent.indexOf(item.client_id) === -1 || !result) { return true; }
          if (result.status === "created" || result.status === "already_recorded") {
            result.label = item.unit_label + " — " + item.purpose;
            showSynced(result);
            return false;
          }
          item.status = result.status;
          item.message = result.message;
          return true;
        });
        writeQueue(remaining);
        renderQueue(t.done);
      })
      .catch(function (error) {
        renderQueue(error && error.message === "login" ? t.login : t.failed);
      })
      .then(function () { syncing = false; });
  }

  function setUpForm(form) {
    freshClientId(form); // the cached page is reused: never post its rendered id twice
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) { return; } // online: the normal form post, with the server's messages
      event.preventDefault();
      var item = serialize(form);
      if (!item.unit || !item.visited_date || !item.visited_time || !item.purpose) {
        renderQueue(texts().required);
        return;
      }
      var items = readQueue();
      items.push(item);
      writeQueue(items);
      form.reset();
      freshClientId(form);
      renderQueue(texts().queued);
      document.getElementById("fw-queue-status").focus && document.getElementById("fw-queue").scrollIntoView();
    });
    var button = document.getElementById("fw-sync-now");
    if (button) { button.addEventListener("click", function () { sync(); }); }
    window.addEventListener("online", function () { showConnection(); sync(); });
    window.addEventListener("offline", showConnection);
    showConnection();
    renderQueue();
    if (navigator.onLine) { sync(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    registerWorker();
    var form = document.getElementById("fw-visit-form");
    if (form) { setUpForm(form); }
  });

  // For tests and the curious: window.danvanFieldwork.sync()
  window.danvanFieldwork = { sync: sync, readQueue: readQueue, writeQueue: writeQueue, key: QUEUE_KEY };
})();
