/* Small behaviours shared by the pages, wired from data- attributes so that no page needs an
   inline script or on* handler (the Content-Security-Policy forbids both).
   - <input type="checkbox" data-select-all="NAME">: ticks or clears every checkbox NAME in its table.
   - <select data-autosubmit>: submits its form when another option is chosen. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("input[type=checkbox][data-select-all]")) {
      var scope = target.closest("table") || document;
      var name = target.getAttribute("data-select-all");
      scope.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        if (box.name === name) { box.checked = target.checked; }
      });
    } else if (target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();
