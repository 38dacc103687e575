// Progressive enhancement only: every form works without this file.
document.documentElement.classList.add("js");
document.addEventListener("change", function (event) {
  var form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") {
    form.submit();
  }
});
// A form sent back with errors: start from its error summary (core/_error_summary.html).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
// Forms that ask before they are sent (an approval, a signature): data-confirm holds the question.
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
