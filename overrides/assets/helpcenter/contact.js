/* Contact channels: live "Open now · closes at 18:00" in the visitor's time zone and language.
 *
 * The hours logic repeats helpcenter/contact/hours.py (same rules, same shared fixtures in
 * tests/fixtures/contact_hours/): wall-clock hours in the channel's IANA zone, read with the
 * offset in force before a DST change when a time is skipped or repeated (Python's fold=0);
 * a range belongs to the day it starts on; a holiday closes the ranges starting on it; touching
 * ranges form one opening; 35 days are looked at.
 *
 * Also: contact links from an article get the page's real URL (the build may not know the
 * site's address), and each click on a channel is sent as a `contact_click` event.
 * No dependencies, no inline script, all text from the page's UI strings.
 */
(function () {
  "use strict";

  var DAY = 86400000;
  var HORIZON_DAYS = 35;
  var WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  var URL_TOKEN = encodeURIComponent("@@hc-page-url@@");
  var ARTICLE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

  var partsFormats = {};

  /* Wall-clock fields of instant `ms` in `zone`; weekday 0 = Monday. */
  function wall(ms, zone) {
    var fmt = partsFormats[zone];
    if (!fmt) {
      fmt = partsFormats[zone] = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric", weekday: "short"
      });
    }
    var out = {};
    fmt.formatToParts(new Date(ms)).forEach(function (part) { out[part.type] = part.value; });
    return {
      y: +out.year, m: +out.month, d: +out.day, h: (+out.hour) % 24, mi: +out.minute,
      s: +out.second, wd: WEEKDAYS.indexOf(out.weekday.toLowerCase().slice(0, 3))
    };
  }

  /* UTC offset (ms) of `zone` at instant `ms`. Zones change offset on whole minutes, so one
     answer per zone and minute is cached. */
  var offsets = {};
  function offsetAt(ms, zone) {
    var t = Math.floor(ms / 60000) * 60000;
    var key = zone + "@" + t;
    if (offsets[key] === undefined) {
      var p = wall(t, zone);
      offsets[key] = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - t;
    }
    return offsets[key];
  }

  /* The instant of `minutes` after midnight of y-m-d (minutes may pass 24:00) in `zone`. */
  function wallTime(y, m, d, minutes, zone) {
    var local = Date.UTC(y, m - 1, d, 0, minutes);
    var before = offsetAt(local - 1.5 * DAY, zone);
    var after = offsetAt(local + 1.5 * DAY, zone);
    if (before === after && offsetAt(local - before, zone) === before) return local - before;
    var valid = [before, after].filter(function (o) { return offsetAt(local - o, zone) === o; })
      .map(function (o) { return local - o; });
    if (!valid.length) return local - before;           /* skipped hour: offset before */
    return Math.min.apply(null, valid);                  /* repeated hour: the first one */
  }

  function isoDay(y, m, d) {
    var t = new Date(Date.UTC(y, m - 1, d));
    return t.toISOString().slice(0, 10);
  }

  /* {state, closes, opens, holiday}: state 'always' | 'open' | 'closed' | 'holiday'. */
  function status(hours, now) {
    var holidays = hours.holidays || {};
    if (hours.always && !Object.keys(holidays).length) {
      return { state: "always", closes: null, opens: null, holiday: null };
    }
    var zone = hours.tz;
    var today = wall(now, zone);
    var horizonDay = new Date(Date.UTC(today.y, today.m - 1, today.d + HORIZON_DAYS));
    var horizon = wallTime(horizonDay.getUTCFullYear(), horizonDay.getUTCMonth() + 1,
      horizonDay.getUTCDate(), 0, zone);
    var todayIso = isoDay(today.y, today.m, today.d);
    var holiday = Object.prototype.hasOwnProperty.call(holidays, todayIso) ? holidays[todayIso] : null;
    var spans = [];
    for (var offset = -1; offset < HORIZON_DAYS; offset++) {
      var day = new Date(Date.UTC(today.y, today.m - 1, today.d + offset));
      var y = day.getUTCFullYear(), m = day.getUTCMonth() + 1, d = day.getUTCDate();
      if (Object.prototype.hasOwnProperty.call(holidays, isoDay(y, m, d))) continue;
      var ranges = hours.week[(day.getUTCDay() + 6) % 7] || [];
      for (var i = 0; i < ranges.length; i++) {
        spans.push([wallTime(y, m, d, ranges[i][0], zone), wallTime(y, m, d, ranges[i][1], zone)]);
      }
    }
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    spans.forEach(function (span) {
      if (span[1] <= span[0]) return;
      var last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push([span[0], span[1]]);
    });
    var closedState = holiday !== null ? "holiday" : "closed";
    for (var j = 0; j < merged.length; j++) {
      if (merged[j][0] <= now && now < merged[j][1]) {
        return { state: "open", closes: merged[j][1] < horizon ? merged[j][1] : null, opens: null,
                 holiday: null };
      }
      if (merged[j][0] > now) {
        return { state: closedState, closes: null, opens: merged[j][0], holiday: holiday };
      }
    }
    return { state: closedState, closes: null, opens: null, holiday: holiday };
  }

  /* How `instant` reads for a visitor in `zone`: days after their today, weekday, HH:MM. */
  function visitorTime(instant, now, zone) {
    var a = wall(instant, zone);
    var b = wall(now, zone);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return {
      days: Math.round((Date.UTC(a.y, a.m - 1, a.d) - Date.UTC(b.y, b.m - 1, b.d)) / DAY),
      weekday: WEEKDAYS[a.wd],
      time: pad(a.h) + ":" + pad(a.mi)
    };
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  /* The status sentence in the page's language, with times in the visitor's zone. */
  function render(hours, now, strings, lang, zone) {
    var st = status(hours, now);
    var sep = strings.separator || " · ";
    if (st.state === "always") return { state: st.state, text: strings.always };
    var instant = st.state === "open" ? st.closes : st.opens;
    var head = st.state === "open" ? strings.open
      : st.state === "holiday" ? fill(strings.closed_today, { holiday: st.holiday || strings.holiday })
        : strings.closed;
    if (instant === null) return { state: st.state, text: head };
    var when = visitorTime(instant, now, zone);
    var clock = { hour: "numeric", minute: "2-digit", timeZone: zone };
    clock.hourCycle = strings.clock === "12h" ? "h12" : "h23";
    var time = new Intl.DateTimeFormat(lang, clock).format(new Date(instant));
    var verb = st.state === "open" ? "closes" : "opens";
    var key, day = "";
    if (when.days <= 0) key = verb + "_today";
    else if (when.days === 1) key = verb + "_tomorrow";
    else {
      key = verb + "_on";
      day = new Intl.DateTimeFormat(lang, when.days < 7 ? { weekday: "long", timeZone: zone }
        : { weekday: "short", month: "short", day: "numeric", timeZone: zone }).format(new Date(instant));
    }
    return { state: st.state, text: head + sep + fill(strings[key], { time: time, day: day }) };
  }

  function visitorZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { return "UTC"; }
  }

  function readJSON(text) {
    try { return JSON.parse(text || "{}"); } catch (e) { return null; }
  }

  function stringsOf(block) {
    var raw = readJSON(block.getAttribute("data-hc-strings")) || {};
    var out = {};
    Object.keys(raw).forEach(function (key) { out[key.replace(/^contact\.status\./, "")] = raw[key]; });
    return out;
  }

  function refresh(block) {
    var strings = stringsOf(block);
    var lang = block.getAttribute("data-locale") || document.documentElement.lang || "en";
    var zone = visitorZone();
    var now = Date.now();
    block.querySelectorAll("[data-hc-hours]").forEach(function (card) {
      var hours = readJSON(card.getAttribute("data-hc-hours"));
      var target = card.querySelector("[data-hc-status]");
      if (!hours || !target) return;
      try {
        var result = render(hours, now, strings, lang, zone);
        target.textContent = result.text;
        target.setAttribute("data-state", result.state);
        target.hidden = false;
      } catch (e) {
        target.hidden = true;   /* unknown zone in an old browser: the hours table still shows */
      }
    });
    var today = wall(now, zone);
    var todayIso = isoDay(today.y, today.m, today.d);
    block.querySelectorAll("[data-hc-until]").forEach(function (item) {
      if (item.getAttribute("data-hc-until") < todayIso) item.hidden = true;
    });
    var note = block.querySelector("[data-hc-your-zone]");
    if (note) {
      note.textContent = fill(note.getAttribute("data-template"), { zone: zone });
      note.hidden = false;
    }
  }

  function articleOf(block) {
    var id = block.getAttribute("data-article");
    if (!id) {
      try {  /* a malformed ?article= (%E0%A4%A) must not cost the contact click */
        id = new URLSearchParams(window.location.search).get("article") || "";
      } catch (error) {
        id = "";
      }
    }
    return ARTICLE_ID.test(id) ? id : null;
  }

  function wire(block) {
    var pageUrl = window.location.origin + window.location.pathname;
    block.querySelectorAll("a[data-hc-href]").forEach(function (link) {
      link.href = link.getAttribute("data-hc-href").split(URL_TOKEN).join(encodeURIComponent(pageUrl));
    });
    block.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-hc-channel]") : null;
      if (!link || !block.contains(link)) return;
      var events = window.HelpCenterEvents;
      if (events && typeof events.send === "function") {
        events.send({ type: "contact_click", article: articleOf(block),
                      locale: block.getAttribute("data-locale") || undefined,
                      value: link.getAttribute("data-hc-channel") });
      }
    });
    refresh(block);
    window.setInterval(function () { refresh(block); }, 60000);
  }

  window.HelpCenterContact = {
    status: status, visitorTime: visitorTime, wallTime: wallTime, render: render, refresh: refresh
  };

  function start() {
    document.querySelectorAll("[data-hc-contact]").forEach(function (block) {
      if (block.getAttribute("data-hc-wired")) return;
      block.setAttribute("data-hc-wired", "1");
      wire(block);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}());
