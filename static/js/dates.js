/* Date fields in dd/mm/yyyy whatever the browser's language: the flatpickr picker on every
   `input[data-datepicker]` (thiduaportal.widgets.DateInput), opened from a calendar button
   beside the field, in Vietnamese on Vietnamese pages, and the chosen date in words under
   the field ("ngày 07 tháng 12 năm 2026"). A date typed as dd/mm/yyyy (or yyyy-mm-dd) is
   kept; the server checks it either way. */
(function () {
  "use strict";
  var vietnamese = (document.documentElement.lang || "vi").slice(0, 2) === "vi";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  var NOT_A_DATE = vietnamese ? "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm." : "Not a date: type it as dd/mm/yyyy.";

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
    // The calendar opens from its own button, so typing a date never hides the fields below.
    var group = document.createElement("div");
    group.className = "input-group date-picker-group";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary date-picker-button";
    button.setAttribute("aria-label", vietnamese ? "Chọn ngày trên lịch" : "Pick the date on a calendar");
    button.innerHTML = '<i class="bi bi-calendar3" aria-hidden="true"></i>';
    group.appendChild(button);
    // The field's error stays visible once the field sits in the group.
    for (var next = group.nextElementSibling; next; next = next.nextElementSibling) {
      if (next.classList.contains("invalid-feedback")) { next.classList.add("d-block"); }
    }
    var words = document.createElement("div");
    words.className = "form-text date-in-words";
    words.setAttribute("aria-live", "polite");
    group.insertAdjacentElement("afterend", words);
    function show() {
      var date = parse(input.value);
      var typed = input.value.trim() !== "";
      words.textContent = date ? inWords(date) : typed ? NOT_A_DATE : "";
      words.classList.toggle("text-danger", typed && !date);
      if (date && input.value !== pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + date.getFullYear()) {
        input.value = pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + date.getFullYear();
      }
    }
    input.addEventListener("change", show);
    input.addEventListener("blur", show);
    show();
    if (!window.flatpickr) { button.hidden = true; return; }
    // The picker works on a proxy, never on the field: what the clerk typed stays as typed
    // (a wrong date is refused by the server beside the field, not silently replaced).
    var proxy = document.createElement("input");
    proxy.type = "hidden";
    proxy.tabIndex = -1;
    proxy.setAttribute("aria-hidden", "true");
    proxy.setAttribute("aria-label", button.getAttribute("aria-label"));
    group.appendChild(proxy);
    var picker = window.flatpickr(proxy, {
      dateFormat: "d/m/Y",
      disableMobile: true, // a phone's own picker would follow the phone's language
      static: !!input.closest(".modal"),
      positionElement: group,
      locale: vietnamese && window.flatpickr.l10ns.vn ? "vn" : "default",
      onChange: function (dates) {
        if (!dates.length) { return; }
        var d = dates[0];
        input.value = pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear();
        input.dispatchEvent(new Event("change", { bubbles: true }));
        picker.close();
        input.focus();
      }
    });
    // flatpickr shows the element it is given; the copy stays out of sight.
    picker.input.style.display = "none";
    picker.input.hidden = true;
    button.addEventListener("click", function () {
      var typed = parse(input.value);
      if (typed) { picker.setDate(typed, false); } else { picker.clear(false); }
      picker.toggle();
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
