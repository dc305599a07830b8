/* Each language switcher sends its form as soon as a language is chosen (a button does it
   without script). A page may draw two: the header and the public footer. */
(function () {
  "use strict";
  document.querySelectorAll(".language-switch select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
