/* Registration form, progressive enhancement only: the form works fully without this file.
   - the error summary takes the focus, so screen readers read it first;
   - a link of the summary brings its field into view with its label;
   - the advisor's fields (first in the form) stay folded until "J'inscris une autre personne"
     is ticked, unless something is typed in them or they hold an error; folded, they are
     not sent;
   - after an advisor registers someone, "Copier le lien" copies the personal link. */
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

  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      var done = function () {
        if (status) {
          status.textContent = button.getAttribute("data-copied") || "";
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          document.execCommand("copy");
          done();
        });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });

  var box = document.getElementById("id_on_behalf");
  var group = document.getElementById("referrer-fields");
  if (!box || !group) {
    return;
  }
  var filledIn = Array.prototype.some.call(group.querySelectorAll("input"), function (input) {
    var typed = input.type === "checkbox" ? input.checked : input.value.trim() !== "";
    return typed || input.classList.contains("is-invalid");
  });
  // Folded fields are also disabled, so that unticking the box sends none of them (the
  // advisor's details filled in for the next person would still count as "on behalf").
  var fold = function (folded) {
    group.hidden = folded;
    Array.prototype.forEach.call(group.querySelectorAll("input"), function (input) {
      input.disabled = folded;
    });
  };
  fold(!box.checked && !filledIn);
  box.addEventListener("change", function () {
    fold(!box.checked);
  });
})();
