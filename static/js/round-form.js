/* The round form: ticking "Synthesizing round" while the question is empty writes the
   suggested question (in the workshop's language) for the facilitator to edit. */
document.querySelectorAll("input[data-suggestion]").forEach(function (box) {
  const form = box.closest("form");
  const question = form && form.querySelector("textarea");
  if (!question || !box.dataset.suggestion) return;
  box.addEventListener("change", function () {
    if (box.checked && question.value.trim() === "") {
      question.value = box.dataset.suggestion;
      question.dispatchEvent(new Event("input", {bubbles: true}));
    }
  });
});
