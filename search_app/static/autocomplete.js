// Completions for the search box: as the reader types, ask /api/suggest and offer its
// answers in the box's <datalist>.  The page works the same without this script.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("q");
    var list = document.getElementById("q-completions");
    if (!box || !list || !window.fetch) { return; }
    var url = box.getAttribute("data-suggest");
    var timer = null;
    var asked = "";
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = box.value.trim();
        if (q.length < 2 || q === asked) { return; }
        asked = q;
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { completions: [] }; })
          .then(function (data) {
            if (box.value.trim() !== q) { return; }
            while (list.firstChild) { list.removeChild(list.firstChild); }
            (data.completions || []).forEach(function (text) {
              var option = document.createElement("option");
              option.value = text;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
