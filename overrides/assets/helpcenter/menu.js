/* The phone-width menu button (Material's is a <label for="__drawer">, which the keyboard never
   reaches). The button toggles Material's drawer checkbox, so the theme's own behaviour (scroll
   lock, closing on navigation) follows; opening moves focus into the drawer, Escape or leaving it
   closes it and focus returns to the button. The header keeps the label for pages without
   scripts (a tap still opens the drawer there); CSS shows one or the other. */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector(".hc-menu");
  var drawer = document.getElementById("hc-drawer");
  if (!toggle || !button || !drawer) return;

  function focusable() {   // the first topic (the drawer's logo only repeats "Home")
    return drawer.querySelector(".md-nav__link[href]") || drawer.querySelector("a[href]");
  }

  function close(returnFocus) {
    if (toggle.checked) toggle.click();
    if (returnFocus) button.focus();
  }

  toggle.addEventListener("change", function () {
    button.setAttribute("aria-expanded", String(toggle.checked));
    if (toggle.checked) {
      var first = focusable();
      if (first) first.focus();
    } else if (drawer.contains(document.activeElement)) {
      button.focus();     // the drawer hides: focus must not stay in hidden content
    }
  });
  button.addEventListener("click", function () { toggle.click(); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      event.preventDefault();
      close(true);
    }
  });
  drawer.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (toggle.checked && next && !drawer.contains(next) && next !== button) close(false);
  });
})();
