/* The application's only script (no inline script anywhere: the Content-Security-Policy
   forbids it). Progressive: every page works without it, htmx adds live filtering and
   progress. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".errors-box");
    if (box) {
      box.setAttribute("tabindex", "-1");
      box.focus();
    }
    var link = document.getElementById("invite-link");
    if (link) {
      link.addEventListener("focus", function () { link.select(); });
    }
  });
})();
