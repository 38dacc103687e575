// Progressive enhancement of the answering page: a question with a condition is hidden (and its
// answer cleared) until the earlier question's answer is one of those that show it. Without this
// file every question is shown with its condition written beside it; the server applies the
// conditions either way.
(function () {
  var form = document.querySelector("form.survey-answer");
  if (!form) {
    return;
  }
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));

  function chosen(key) {
    var inputs = form.querySelectorAll('[name="' + key + '"]');
    var values = [];
    Array.prototype.forEach.call(inputs, function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function update() {
    var visible = {};
    blocks.forEach(function (block) {
      var key = block.getAttribute("data-question");
      var condition = block.getAttribute("data-condition-key");
      var show = true;
      if (condition) {
        var wanted = block.getAttribute("data-condition-values").split(" ");
        show = visible[condition] === true && chosen(condition).some(function (value) {
          return wanted.indexOf(value) !== -1;
        });
      }
      visible[key] = show;
      block.hidden = !show;
      var note = block.querySelector(".condition-note");
      if (note) {
        note.hidden = true;
      }
      if (!show) {
        Array.prototype.forEach.call(block.querySelectorAll("input, select, textarea"), function (input) {
          if (input.type === "radio" || input.type === "checkbox") {
            input.checked = false;
          } else {
            input.value = "";
          }
        });
      }
    });
  }

  form.addEventListener("change", update);
  update();
})();
