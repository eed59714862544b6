// The dashboard's optional auto-refresh (WCAG 2.2.1: off unless the person switches it on).
// The choice is remembered in this browser only; the "Mettre à jour" link works without it.
(function () {
  "use strict";
  var KEY = "dashboard-auto-refresh";
  var DELAY = 60 * 1000;
  var wrapper = document.querySelector("[data-dashboard-auto-refresh]");
  if (!wrapper) {
    return;
  }
  var box = wrapper.querySelector("input[type=checkbox]");
  var timer = null;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "on";
    } catch (error) {
      return false;
    }
  }

  function store(on) {
    try {
      window.localStorage.setItem(KEY, on ? "on" : "off");
    } catch (error) {
      // Private browsing: the choice lasts for this page only.
    }
  }

  function apply(on) {
    window.clearTimeout(timer);
    timer = on ? window.setTimeout(function () { window.location.reload(); }, DELAY) : null;
  }

  wrapper.hidden = false;
  box.checked = stored();
  apply(box.checked);
  box.addEventListener("change", function () {
    store(box.checked);
    apply(box.checked);
  });
})();
