// The year-end sheet: one button per title ticks every person who qualifies for it.
document.querySelectorAll("[data-tick-title]").forEach(function (button) {
  button.addEventListener("click", function () {
    var title = button.getAttribute("data-tick-title");
    document
      .querySelectorAll('input[name="pick"][data-title="' + title + '"][data-qualifies="1"]')
      .forEach(function (box) {
        box.checked = true;
      });
  });
});
