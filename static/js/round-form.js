/* The round form: prefill the plan's quotas by kind while the office has not typed its own.
   The plan's quotas are on #round-plan (data-collectives, data-individuals). */
(function () {
  "use strict";
  var kind = document.querySelector("[data-round-kind]");
  var c = document.getElementById("id_quota_collectives");
  var i = document.getElementById("id_quota_individuals");
  var source = document.getElementById("round-plan");
  if (!kind || !c || !i || !source) {
    return;
  }
  var plan = { c: source.getAttribute("data-collectives"), i: source.getAttribute("data-individuals") };
  kind.addEventListener("change", function () {
    var adhoc = kind.value === "adhoc";
    if (adhoc && c.value === plan.c && i.value === plan.i) { c.value = ""; i.value = ""; }
    if (!adhoc && c.value === "" && i.value === "") { c.value = plan.c; i.value = plan.i; }
  });
})();
