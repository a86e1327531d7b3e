/* 404 page: keep the message in the visitor's language (from the address, else the browser,
   else the default locale) and hide the others. Without JavaScript every message stays. */
(function () {
  "use strict";
  var sections = document.querySelectorAll("[data-hc-not-found]");
  if (sections.length < 2) return;
  var codes = Array.prototype.map.call(sections, function (s) { return s.getAttribute("data-hc-not-found"); });
  function primary(tag) { return String(tag || "").toLowerCase().split(/[-_]/)[0]; }
  var first = primary(window.location.pathname.split("/")[1]);
  var choice = codes.indexOf(first) >= 0 ? first : null;
  var preferred = navigator.languages || [navigator.language];
  for (var i = 0; !choice && i < preferred.length; i++) {
    if (codes.indexOf(primary(preferred[i])) >= 0) choice = primary(preferred[i]);
  }
  var fallback = document.querySelector("[data-hc-not-found][data-default]");
  if (!choice && fallback) choice = fallback.getAttribute("data-hc-not-found");
  Array.prototype.forEach.call(sections, function (s) {
    s.hidden = s.getAttribute("data-hc-not-found") !== choice;
  });
  document.documentElement.setAttribute("lang", choice);
})();
