/* Registration form, progressive enhancement only: the form works fully without this file.
   - the error summary takes the focus, so screen readers read it first;
   - a link of the summary brings its field into view with its label;
   - the advisor's fields stay folded until "J'inscris une autre personne" is ticked. */
(function () {
  "use strict";

  var summary = document.getElementById("erreurs");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.hash.slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      var holder = field.closest("fieldset.bookable, [id^='div_id_']") || field;
      holder.scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }

  var box = document.getElementById("id_on_behalf");
  var group = document.getElementById("referrer-fields");
  if (!box || !group) {
    return;
  }
  var filledIn = Array.prototype.some.call(group.querySelectorAll("input"), function (input) {
    var typed = input.type === "checkbox" ? input.checked : input.value.trim() !== "";
    return typed || input.classList.contains("is-invalid");
  });
  group.hidden = !box.checked && !filledIn;
  box.addEventListener("change", function () {
    group.hidden = !box.checked;
  });
})();
