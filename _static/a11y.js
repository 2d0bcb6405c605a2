/* Accessibility fixes for markup that the theme and MyST-NB write (axe-core, WCAG 2.1 A/AA).
 *
 * - label-content-name-mismatch (WCAG 2.5.3, "label in name"): a control whose visible text
 *   is not part of its accessible name. The search field button says "Search Ctrl+K" but is
 *   named "Search"; every folded code cell's <summary> says "Show code cell source" but is named
 *   "Toggle hidden content". Where a control has visible text, that text is its name: the
 *   aria-label goes (the old label stays as a tooltip). The colour-mode button's icons carry
 *   titles (Light, Dark, System Settings) that count as its text; they are decorative next to
 *   the button's name "Color mode", so they are hidden from assistive technology.
 * - scrollable-region-focusable (WCAG 2.1.1): a code block or output wider (or taller) than its
 *   box scrolls, so a keyboard user must be able to reach it: it gets tabindex="0" and a name.
 * Runs when the page is ready, again when it has loaded (the theme's own scripts run in
 * between), and after the reader changes the language (the visible blocks change).
 */
(function () {
  "use strict";

  function visibleText(el) {
    return (el.innerText || "").replace(/\s+/g, " ").trim();
  }

  function fixLabels() {
    var labelled = document.querySelectorAll(
      ".bd-header [aria-label], .bd-sidebar-primary [aria-label], .bd-header-article [aria-label], " +
      ".search-button-field[aria-label], summary[aria-label]");
    for (var i = 0; i < labelled.length; i++) {
      var el = labelled[i];
      var label = el.getAttribute("aria-label");
      var text = visibleText(el);
      if (!text || label.toLowerCase().indexOf(text.toLowerCase()) >= 0) continue;
      if (!el.getAttribute("title") && !el.getAttribute("data-bs-title")) el.setAttribute("title", label);
      el.removeAttribute("aria-label");
    }
    var icons = document.querySelectorAll(".theme-switch-button i[title], .theme-switch-button .theme-switch");
    for (var j = 0; j < icons.length; j++) icons[j].setAttribute("aria-hidden", "true");
  }

  function fixScrollables() {
    var boxes = document.querySelectorAll(".bd-article pre, .bd-article .output, .bd-article .table-wrapper");
    for (var i = 0; i < boxes.length; i++) {
      var el = boxes[i];
      var scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (!scrolls || el.getClientRects().length === 0) continue;
      var style = getComputedStyle(el);
      if (!/(auto|scroll)/.test(style.overflowX + " " + style.overflowY)) continue;
      // Every time, not once: the theme (pydata-sphinx-theme, after a resize or a change in the page)
      // sets tabindex="-1" on each box that does not scroll when it looks, hidden ones included, so
      // a box of the hidden language would keep -1 once the reader switches to it.
      el.setAttribute("tabindex", "0");
      if (el.hasAttribute("data-book-scroll")) continue;
      el.setAttribute("data-book-scroll", "");
      if (!el.getAttribute("aria-label") && !el.getAttribute("role")) {
        el.setAttribute("role", "region");
        var lang = (el.closest("[lang]") || document.documentElement).getAttribute("lang");
        el.setAttribute("aria-label", lang === "ko" ? "스크롤되는 코드 · scrollable code" : "scrollable code");
      }
    }
  }

  function run() {
    fixLabels();
    fixScrollables();
  }

  document.addEventListener("DOMContentLoaded", run);
  window.addEventListener("load", function () { run(); setTimeout(run, 300); });
  window.addEventListener("resize", fixScrollables);
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest(".book-lang-switch, summary")) setTimeout(fixScrollables, 50);
  });
})();
