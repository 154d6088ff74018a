// Tonearm UI behaviour. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";

  // Polling partials carry data-poll: never poll while the tab is hidden, and refresh
  // them at once when it becomes visible again. htmx's "[document.visibilityState ...]"
  // trigger filter would need eval, which the CSP forbids; this guard is the equivalent.
  // A live part that holds the keyboard focus waits too, so a swap never steals the focus
  // from a button someone is about to press.
  function pollMustWait(source) {
    if (document.visibilityState !== "visible") {
      return true;
    }
    var focused = document.activeElement;
    return focused !== null && focused !== source && source.contains(focused);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail && event.detail.elt;
    if (source && source.hasAttribute("data-poll") && pollMustWait(source)) {
      event.preventDefault();
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible" || !window.htmx) {
      return;
    }
    document.querySelectorAll("[data-poll]").forEach(function (element) {
      window.htmx.trigger(element, "refresh");
    });
  });

  // Ask before destructive actions (forms marked data-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }
  }, true);

  // On a phone the navigation scrolls sideways: keep the current page's link in view.
  function revealCurrentPage() {
    var current = document.querySelector('.top nav [aria-current="page"]');
    if (current) {
      current.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  }
  revealCurrentPage();

  // Tables turn into stacked cards on phones: give each cell but the first (the card's title)
  // its column's heading, which the stylesheet shows in front of the value there.
  function labelCells(root) {
    root.querySelectorAll(".table-wrap table").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.querySelector(".sr-only") ? "" : th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (index > 0 && headings[index] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", headings[index]);
          }
        });
      });
    });
  }
  labelCells(document);
  document.addEventListener("htmx:afterSettle", function () {
    labelCells(document);
  });

  // Move focus to the main content after htmx swaps the page, for keyboard and screen readers.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail && event.detail.boosted) {
      var main = document.getElementById("main");
      if (main) {
        main.focus({ preventScroll: true });
      }
      revealCurrentPage();
    }
  });
})();
