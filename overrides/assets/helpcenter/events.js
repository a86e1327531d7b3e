/* Help center events: window.HelpCenterEvents.send({type, article, value, text, results}).
   Adds the schema version, an idempotency key, the per-tab session id, locale, build and page
   path (docs/events.md), keeps every event in a bounded localStorage queue until the collector
   has acknowledged it, and retries on later page views. No cookies; nothing without an endpoint. */
(function () {
  "use strict";
  if (window.HelpCenterEvents) return;

  var config = window.HelpCenterEventsConfig || {};
  var ENDPOINT = config.endpoint || "";
  var BUILD = config.build || null;
  var LIMIT = Math.max(1, Math.min(1000, config.queueLimit || 100));
  var QUEUE_KEY = "helpcenter.events.queue.v1";
  var SESSION_KEY = "helpcenter.events.session";
  var BATCH = 20;                       /* events per request (the collector takes up to 50) */
  var MAX_BYTES = 14 * 1024;            /* below the collector's 16 KB body limit */
  var DELAYS = [2000, 10000, 30000, 60000];

  function randomId(bytes) {
    var data = new Uint8Array(bytes);
    (window.crypto || window.msCrypto).getRandomValues(data);
    var text = "";
    for (var i = 0; i < data.length; i++) text += String.fromCharCode(data[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /* Fallback when storage is blocked or full: this tab's copy wins until a write succeeds. */
  var memory = {};
  function load(store, key) {
    if (Object.prototype.hasOwnProperty.call(memory, key)) return memory[key];
    try { return window[store].getItem(key); } catch (e) { return null; }
  }
  function save(store, key, value) {
    try { window[store].setItem(key, value); delete memory[key]; } catch (e) { memory[key] = value; }
  }

  var SESSION_RE = /^[A-Za-z0-9_-]{8,64}$/;
  var session = load("sessionStorage", SESSION_KEY);
  if (!session || !SESSION_RE.test(session)) {
    session = randomId(16);
    save("sessionStorage", SESSION_KEY, session);
  }

  function readQueue() {
    try {
      var list = JSON.parse(load("localStorage", QUEUE_KEY) || "[]");
      return Array.isArray(list) ? list.filter(function (e) { return e && e.id; }) : [];
    } catch (e) { return []; }
  }
  function writeQueue(list) {
    if (list.length > LIMIT) list = list.slice(list.length - LIMIT);   /* bounded: drop oldest */
    save("localStorage", QUEUE_KEY, JSON.stringify(list));
  }
  function removeFromQueue(ids) {
    var gone = {};
    ids.forEach(function (id) { gone[id] = true; });
    writeQueue(readQueue().filter(function (e) { return !gone[e.id]; }));
  }

  /* The page's own locale: <html data-hc-locale> if a template sets it, else <html lang>.
     (Never the first [data-hc-locale] in the page: links to other locales carry such data.) */
  function pageLocale() {
    var html = document.documentElement;
    return html.getAttribute("data-hc-locale") || html.getAttribute("lang") || "";
  }

  var sending = false;
  var inflight = Promise.resolve(false);   /* the request being sent, for whenIdle() */
  var attempt = 0;
  var timer = null;

  function schedule() {
    if (timer || !readQueue().length) return;
    var delay = DELAYS[Math.min(attempt, DELAYS.length - 1)];
    timer = window.setTimeout(function () { timer = null; flush(); }, delay);
  }

  /* Take the oldest events that fit in one request. */
  function nextBatch(queue, size) {
    var batch = [];
    var bytes = 16;
    for (var i = 0; i < queue.length && batch.length < size; i++) {
      var length = JSON.stringify(queue[i]).length * 3;   /* worst case UTF-8 */
      if (batch.length && bytes + length > MAX_BYTES) break;
      batch.push(queue[i]);
      bytes += length + 1;
    }
    return batch;
  }

  /* Outcome of one request: "done" (drop these events: stored, duplicates or refused for good)
     or "retry" (keep them: offline, collector down, overloaded). */
  function outcome(status) {
    if (status >= 200 && status < 300) return "done";
    if (status === 409 || status === 422 || status === 400 || status === 415) return "done";
    if (status === 413) return "split";
    return "retry";
  }

  function post(batch) {
    return window.fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ events: batch }),
      keepalive: true,
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer"
    }).then(function (response) { return response.status; }, function () { return 0; });
  }

  function flush(size) {
    if (!ENDPOINT || sending) return Promise.resolve(false);
    size = size || BATCH;
    var batch = nextBatch(readQueue(), size);
    if (!batch.length) return Promise.resolve(true);
    sending = true;
    inflight = post(batch).then(function (status) {
      sending = false;
      var result = outcome(status);
      if (result === "split" && batch.length > 1) return flush(Math.max(1, batch.length >> 1));
      if (result === "retry") { attempt += 1; schedule(); return false; }
      attempt = 0;
      var before = readQueue().length;
      removeFromQueue(batch.map(function (e) { return e.id; }));
      var left = readQueue().length;
      return left && left < before ? flush(size) : !left;
    });
    return inflight;
  }

  function send(fields) {
    if (!ENDPOINT || !fields || !fields.type) return null;
    var event = {
      v: 2,                             /* docs/events.md: v2 added `source` on search events */
      id: randomId(16),
      type: String(fields.type),
      session: SESSION_RE.test(fields.session || "") ? fields.session : session,
      locale: fields.locale || pageLocale(),
      article: fields.article || null,
      url: window.location.pathname.slice(0, 300),
      ts: new Date().toISOString()
    };
    if (BUILD) event.build = BUILD;
    if (fields.value !== undefined && fields.value !== null) event.value = fields.value;
    if (fields.text !== undefined && fields.text !== null) event.text = String(fields.text);
    if (typeof fields.results === "number") event.results = fields.results;
    if (event.type === "search") event.source = "site";   /* assistants send "assistant" */
    var queue = readQueue();
    queue.push(event);
    writeQueue(queue);                  /* kept before sending: a closed tab loses nothing */
    flush();
    return event.id;
  }

  window.HelpCenterEvents = {
    send: send,
    flush: function () { return flush(); },
    pending: function () { return readQueue().length; },
    /* Resolves once no request is in flight (true when the queue is empty): lets a page, or a
       test, know a delivery attempt has finished without waiting on a clock. */
    whenIdle: function () {
      return inflight.then(function () { return sending ? inflight : !readQueue().length; });
    },
    session: session,
    enabled: Boolean(ENDPOINT)
  };

  if (ENDPOINT) {
    window.addEventListener("online", function () { attempt = 0; flush(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") flush();
    });
    if (readQueue().length) flush();    /* a later page view delivers what an earlier one kept */
  }
})();
