/* "Was this article helpful?" — Yes/No, reasons after No, optional comment and effort score.
   Events go through window.HelpCenterEvents (events.js). The vote is remembered per article in
   localStorage and can be changed. All text comes from data attributes rendered from the
   locale's UI strings. */
(function () {
  "use strict";
  var KEY = "helpcenter.feedback.votes.v1";
  var MAX = 1000;
  var box = document.querySelector("[data-hc-feedback]");
  var events = window.HelpCenterEvents;
  if (!box || !events || !events.enabled) return;   /* no endpoint: the widget stays hidden */

  var article = box.getAttribute("data-article");
  var locale = box.getAttribute("data-locale");
  var buttons = box.querySelectorAll("[data-hc-vote]");
  var details = box.querySelector("[data-hc-details]");
  var reasons = box.querySelector("[data-hc-reasons]");
  var comment = box.querySelector("#hc-feedback-comment");
  var count = box.querySelector("[data-hc-count]");
  var effort = box.querySelector("[data-hc-effort]");
  var thanks = box.querySelector("[data-hc-thanks]");
  var status = box.querySelector("[data-hc-status]");
  var contact = box.querySelector("[data-hc-contact]");
  var remembered = box.querySelector("[data-hc-remembered]");
  var change = box.querySelector("[data-hc-change]");
  var current = null;
  var previous = votes()[article];
  /* One vote per article per browser: a changed vote reuses the session id of the vote it
     replaces, so "the latest vote per session and article" stays one vote. */
  var session = previous && previous.session || events.session;

  function votes() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function remember(vote) {
    try {
      var all = votes();
      all[article] = { vote: vote, session: session, at: new Date().toISOString().slice(0, 10) };
      localStorage.setItem(KEY, JSON.stringify(all));
    } catch (e) { /* storage blocked: the vote still counts, it is just not remembered */ }
  }

  function send(type, value, text) {
    events.send({ type: type, article: article, locale: locale, value: value, text: text,
                  session: session });
  }

  function press(vote) {
    Array.prototype.forEach.call(buttons, function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-hc-vote") === vote));
    });
  }

  function updateCount() {
    var n = comment.value.length;
    count.textContent = box.getAttribute("data-count")
      .replace("{count}", String(n)).replace("{max}", String(MAX));
  }

  function showRemembered(vote) {
    remembered.textContent = box.getAttribute(vote === "yes" ? "data-remembered-yes"
                                                             : "data-remembered-no");
    remembered.hidden = false;
  }

  function vote(value) {
    if (value === current && !details.hidden) return;
    current = value;
    press(value);
    if (!previous || previous.vote !== value) {   /* the same answer again is not a new vote */
      send("vote", value);
      remember(value);
      previous = { vote: value, session: session };
    }
    remembered.hidden = true;
    status.textContent = "";
    contact.hidden = true;
    change.hidden = true;
    details.reset();
    updateCount();
    reasons.hidden = value !== "no";
    details.hidden = false;
    var first = value === "no" ? reasons.querySelector("input") : comment;
    if (first) first.focus();
  }

  function submit(event) {
    event.preventDefault();
    if (current === "no") {
      Array.prototype.forEach.call(reasons.querySelectorAll("input:checked"), function (input) {
        send("reason", input.value);
      });
    }
    var text = comment.value.replace(/^\s+|\s+$/g, "").slice(0, MAX);
    if (text) send("comment", null, text);
    if (effort) {
      var score = effort.querySelector("input:checked");
      if (score) send("effort", parseInt(score.value, 10));
    }
    details.hidden = true;
    status.textContent = box.getAttribute(current === "no" ? "data-thanks-no" : "data-thanks");
    contact.hidden = current !== "no";
    change.hidden = false;
    thanks.focus();
  }

  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () { vote(button.getAttribute("data-hc-vote")); });
  });
  details.addEventListener("submit", submit);
  comment.addEventListener("input", updateCount);
  change.addEventListener("click", function () {
    change.hidden = true;
    status.textContent = "";
    contact.hidden = true;
    details.hidden = true;
    current = null;
    var pressed = box.querySelector("[aria-pressed='true']") || buttons[0];
    pressed.focus();
  });

  if (previous && (previous.vote === "yes" || previous.vote === "no")) {
    press(previous.vote);
    showRemembered(previous.vote);
  }
  updateCount();
  box.hidden = false;
})();
