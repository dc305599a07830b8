/* A nomination names a collective or a person: show only the select the chosen kind needs
   (both stay without script). */
(function () {
  "use strict";
  var radios = document.querySelectorAll("input[name=subject_type]");
  var unit = document.getElementById("div_id_subject_unit");
  var cadre = document.getElementById("div_id_subject_cadre");
  if (!radios.length || !unit || !cadre) { return; }
  function show() {
    var chosen = document.querySelector("input[name=subject_type]:checked");
    var collective = chosen && chosen.value === "collective";
    unit.hidden = !collective;
    cadre.hidden = collective;
  }
  radios.forEach(function (radio) { radio.addEventListener("change", show); });
  show();
})();
