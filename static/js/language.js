/* The language switcher sends its form as soon as a language is chosen (a button does it
   without script). */
(function () {
  "use strict";
  var select = document.getElementById("language-select");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
})();
