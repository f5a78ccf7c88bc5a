// Filtering only: the page is complete without this script (ADR 0308).
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  if (!filters || !search || !shown) {
    return;
  }
  var boxes = Array.prototype.slice.call(filters.querySelectorAll("input[name=verdict]"));
  var reqs = Array.prototype.slice.call(document.querySelectorAll("#matrix .req"));
  var groups = Array.prototype.slice.call(
    document.querySelectorAll("#matrix .spec-section, #matrix .spec-file"));
  var words = reqs.map(function (r) { return r.textContent.toLowerCase(); });

  function apply() {
    var wanted = {};
    boxes.forEach(function (b) { wanted[b.value] = b.checked; });
    var terms = search.value.toLowerCase().split(/\s+/).filter(function (t) { return t; });
    var count = 0;
    reqs.forEach(function (r, i) {
      var visible = wanted[r.getAttribute("data-verdict")] === true &&
        terms.every(function (t) { return words[i].indexOf(t) >= 0; });
      r.classList.toggle("hidden-by-filter", !visible);
      if (visible) {
        count++;
      }
    });
    groups.forEach(function (g) {
      g.classList.toggle("hidden-by-filter", g.querySelector(".req:not(.hidden-by-filter)") === null);
    });
    shown.textContent = count + " of " + reqs.length + " requirements shown";
  }

  function setAll(checked, only) {
    boxes.forEach(function (b) { b.checked = only ? only.indexOf(b.value) >= 0 : checked; });
  }

  // A link to a requirement or a case hidden by the filters clears them, then opens its folds.
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (!target) {
      return;
    }
    if (target.closest(".hidden-by-filter")) {
      search.value = "";
      setAll(true);
      apply();
    }
    for (var d = target; d; d = d.parentElement) {
      if (d.tagName === "DETAILS") {
        d.open = true;
      }
    }
    target.scrollIntoView();
  }

  search.addEventListener("input", apply);
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  document.getElementById("failures-only").addEventListener("click", function () {
    setAll(false, ["failed", "untested"]);
    apply();
  });
  document.getElementById("show-all").addEventListener("click", function () {
    search.value = "";
    setAll(true);
    apply();
  });
  document.getElementById("expand-all").addEventListener("click", function () {
    reqs.forEach(function (r) { r.open = true; });
  });
  document.getElementById("collapse-passed").addEventListener("click", function () {
    reqs.forEach(function (r) { r.open = r.getAttribute("data-verdict") !== "passed"; });
  });
  window.addEventListener("hashchange", reveal);
  filters.hidden = false;
  apply();
  reveal();
})();
