/* Home page: suggest another available locale when the browser prefers it.
   Never redirects; dismissal is remembered in localStorage. No cookies, no network. */
(function () {
  "use strict";
  var KEY = "helpcenter.localeSuggest.dismissed";
  var box = document.querySelector("[data-hc-locale-suggest]");
  if (!box) return;

  function primary(tag) { return String(tag || "").toLowerCase().split(/[-_]/)[0]; }

  function dismissed() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }

  function remember(code) {
    try {
      var list = dismissed();
      if (list.indexOf(code) < 0) list.push(code);
      localStorage.setItem(KEY, JSON.stringify(list));
    } catch (e) { /* storage unavailable: the suggestion simply shows again next time */ }
  }

  var current = primary(box.getAttribute("data-current"));
  var offers = {};
  Array.prototype.forEach.call(box.querySelectorAll("template[data-locale]"), function (t) {
    offers[primary(t.getAttribute("data-locale"))] = t;
  });
  var preferred = navigator.languages && navigator.languages.length
    ? navigator.languages : [navigator.language];
  var choice = null;
  for (var i = 0; i < preferred.length; i++) {
    var code = primary(preferred[i]);
    if (code === current) return;          /* the visitor already reads their preferred locale */
    if (offers[code]) { choice = code; break; }
  }
  if (!choice || dismissed().indexOf(choice) >= 0) return;

  box.appendChild(offers[choice].content.cloneNode(true));
  box.hidden = false;
  var button = box.querySelector("[data-hc-dismiss]");
  button.addEventListener("click", function () {
    remember(choice);
    box.hidden = true;
    var heading = document.querySelector("h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  });
})();
