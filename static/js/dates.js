/* Date fields in dd/mm/yyyy whatever the browser's language: the flatpickr picker on every
   `input[data-datepicker]` (thiduaportal.widgets.DateInput), in Vietnamese on Vietnamese
   pages, and the chosen date in words under the field ("ngày 07 tháng 12 năm 2026"). A date
   typed as dd/mm/yyyy (or yyyy-mm-dd) is kept; the server checks it either way. */
(function () {
  "use strict";
  var vietnamese = (document.documentElement.lang || "vi").slice(0, 2) === "vi";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function parse(text) {
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(text || "");
    var iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text || "");
    var d, mo, y;
    if (m) { d = +m[1]; mo = +m[2]; y = +m[3]; } else if (iso) { y = +iso[1]; mo = +iso[2]; d = +iso[3]; } else { return null; }
    var date = new Date(y, mo - 1, d);
    return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
  }

  function inWords(date) {
    if (!date) { return ""; }
    if (vietnamese) {
      return "ngày " + pad(date.getDate()) + " tháng " + pad(date.getMonth() + 1) + " năm " + date.getFullYear();
    }
    return date.getDate() + " " + MONTHS[date.getMonth()] + " " + date.getFullYear();
  }

  function attach(input) {
    if (input.dataset.datepickerReady) { return; }
    input.dataset.datepickerReady = "1";
    var words = document.createElement("div");
    words.className = "form-text date-in-words";
    words.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", words);
    function show() {
      var date = parse(input.value);
      words.textContent = date ? inWords(date) : "";
      if (date && input.value !== pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + date.getFullYear()) {
        input.value = pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + date.getFullYear();
      }
    }
    input.addEventListener("change", show);
    input.addEventListener("blur", show);
    show();
    if (!window.flatpickr) { return; }
    window.flatpickr(input, {
      dateFormat: "d/m/Y",
      allowInput: true,
      disableMobile: true, // a phone's own picker would follow the phone's language
      static: !!input.closest(".modal"),
      locale: vietnamese && window.flatpickr.l10ns.vn ? "vn" : "default",
      parseDate: function (text) { return parse(text) || undefined; },
      onChange: show,
      onClose: show
    });
  }

  function init() {
    document.querySelectorAll("input[data-datepicker]").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
