/* Language switch: 한국어 / English / both.
 *
 * Loaded synchronously in <head>, so the chosen language is set on <html> before the
 * body is painted: no flash of the other language. The choice is kept in localStorage
 * and so persists across pages. Content blocks carry class="lang-ko" lang="ko" or
 * class="lang-en" lang="en"; CSS (lang-switch.css) hides the unchosen one. The page's
 * table of contents hides the headings of the hidden language too.
 */
(function () {
  "use strict";
  var KEY = "keras-book-lang";
  var CHOICES = ["ko", "en", "both"];
  var LABELS = { ko: "한국어", en: "English", both: "한국어 + English" };

  function stored() {
    try {
      var v = window.localStorage.getItem(KEY);
      if (CHOICES.indexOf(v) >= 0) return v;
    } catch (e) { /* storage disabled: fall through */ }
    var nav = (navigator.language || "en").toLowerCase();
    return nav.indexOf("ko") === 0 ? "ko" : "en";
  }

  function apply(choice) {
    var root = document.documentElement;
    root.setAttribute("data-book-lang", choice);
    // The page language is the chosen one; with both shown, the page chrome is English
    // and every content block carries its own lang attribute.
    root.setAttribute("lang", choice === "ko" ? "ko" : "en");
    setFigureAlts(choice);
    var buttons = document.querySelectorAll(".book-lang-switch button");
    for (var i = 0; i < buttons.length; i++) {
      var on = buttons[i].getAttribute("data-lang") === choice;
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  function setFigureAlts(choice) {
    // Figures carry their alt text in both languages (see _ext/bilingual.py): show the
    // reader's. With both languages shown, the Korean then the English text, in the page's lang.
    var images = document.querySelectorAll("img[data-alt-ko][data-alt-en]");
    for (var i = 0; i < images.length; i++) {
      var img = images[i], ko = img.getAttribute("data-alt-ko"), en = img.getAttribute("data-alt-en");
      if (choice === "both") {
        img.setAttribute("alt", ko + " / " + en);
        img.removeAttribute("lang");
      } else {
        img.setAttribute("alt", choice === "ko" ? ko : en);
        img.setAttribute("lang", choice);
      }
    }
  }

  // MathJax typesets every formula when the page loads, the hidden language's too. A formula
  // in a hidden block (display: none) cannot measure the text around it, so it comes out about
  // a tenth too small; once a switch shows it, MathJax measures and draws it again. Once every
  // formula has been measured with nothing hidden (typeset or redrawn in "both"), a switch only
  // hides and shows, and nothing is drawn again.
  var mathMeasuredShown = false;
  var switched = false;

  function choose(choice) {
    switched = true;
    try { window.localStorage.setItem(KEY, choice); } catch (e) { /* keep going */ }
    apply(choice);
    remeasureMath();
  }

  function mathJax() {
    var mj = window.MathJax;
    return mj && mj.startup && mj.startup.promise && mj._ && mj._.core ? mj : null;
  }

  function remeasureMath() {
    var mj = mathJax();
    if (!mj) return;
    mj.startup.promise.then(function () {
      if (mathMeasuredShown) return;
      mj.startup.document.rerender(mj._.core.MathItem.STATE.METRICS);
      mathMeasuredShown = document.documentElement.getAttribute("data-book-lang") === "both";
    });
  }

  function noteFirstTypeset() {
    // MathJax (a deferred script) has started by DOMContentLoaded; its first typeset happens in
    // the mode applied in <head>, unless the reader switches before it ends (then choose() redraws).
    var mj = mathJax(), atLoad = stored();
    if (!mj) return;
    mj.startup.promise.then(function () {
      if (!switched && atLoad === "both") mathMeasuredShown = true;
    });
  }

  function buildSwitch() {
    var box = document.createElement("div");
    box.className = "book-lang-switch";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "언어 · Language");
    CHOICES.forEach(function (c) {
      var b = document.createElement("button");
      b.type = "button";
      b.setAttribute("data-lang", c);
      if (c !== "both") b.setAttribute("lang", c);
      b.textContent = LABELS[c];
      b.addEventListener("click", function () { choose(c); });
      box.appendChild(b);
    });
    return box;
  }

  function langOf(el) {
    // A section's language is its heading's (see _ext/bilingual.py); other targets
    // take the language of the block they sit in.
    var head = /^H[1-6]$/.test(el.tagName) ? el : el.querySelector("h1, h2, h3, h4, h5, h6");
    var marked = (head && (head.classList.contains("lang-ko") || head.classList.contains("lang-en"))) ?
      head : el.closest(".lang-ko, .lang-en");
    if (!marked) return null;
    return marked.classList.contains("lang-ko") ? "ko" : "en";
  }

  function tagTocEntries() {
    // Mark each "on this page" entry with the language of the heading it points to.
    var links = document.querySelectorAll(".bd-toc a[href^='#'], .bd-sidebar-secondary a[href^='#']");
    for (var i = 0; i < links.length; i++) {
      var id = decodeURIComponent(links[i].getAttribute("href").slice(1));
      var target = id && document.getElementById(id);
      var lang = target && langOf(target);
      if (!lang) continue;
      var item = links[i].closest("li") || links[i];
      item.classList.add("toc-lang-" + lang);
      links[i].setAttribute("lang", lang);
    }
  }

  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    var anchor = document.querySelector(".bd-article") || document.querySelector("main") || document.body;
    anchor.insertBefore(buildSwitch(), anchor.firstChild);
    tagTocEntries();
    apply(stored());
    noteFirstTypeset();
  });
})();
