/* The ticket page: a button that opens the browser's print dialog. Without this file the
   button stays hidden and the page says how to print (Ctrl + P, the browser's menu). */
(function () {
  "use strict";

  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
