/* A page's "Print" button (data-action="print") opens the browser's print dialog. While
   printing, the folded tables (<details>) are opened so the paper carries every number,
   and closed again afterwards. */
(function () {
  "use strict";
  document.querySelectorAll("[data-action='print']").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("main details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
