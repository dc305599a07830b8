// The results grid: a ratio's rate is worked out as the counts are typed, the way the server
// computes it (numerator × 100 / denominator, two decimals, half up) and writes it ("72,75 %").
(function () {
  function count(text) {
    var typed = (text || "").replace(/\s/g, "");
    if (/^\d{1,3}(\.\d{3})+$/.test(typed)) typed = typed.replace(/\./g, ""); // "1.234" is 1234
    typed = typed.replace(",", ".");
    return typed === "" || isNaN(Number(typed)) ? null : Number(typed);
  }
  function shown(numerator, denominator) {
    if (numerator === null || denominator === null || denominator <= 0) return "—";
    var rate = Math.round((numerator * 10000) / denominator + 1e-9) / 100;
    var text = Number.isInteger(rate) ? String(rate) : rate.toFixed(2);
    return text.replace(".", ",") + "\u00a0%";
  }
  document.querySelectorAll("tr[data-ratio-row]").forEach(function (row) {
    var inputs = row.querySelectorAll('input[name^="n_"], input[name^="d_"]');
    var target = row.querySelector("[data-rate]");
    if (inputs.length !== 2 || !target) return;
    function update() {
      target.textContent = shown(count(inputs[0].value), count(inputs[1].value));
    }
    inputs.forEach(function (input) {
      input.addEventListener("input", update);
    });
  });
})();
