/* The join page works as a plain list; this adds a filter box that narrows the names as
   one types, ignoring case and accents ("lea" finds "Léa"). */

function fold(text) {
  const lower = String(text || "").toLowerCase();
  return lower.normalize ? lower.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : lower;
}

const field = document.getElementById("filter-field");
const input = document.getElementById("name-filter");
const list = document.getElementById("claim-list");
const noMatch = document.getElementById("no-match");
const letters = document.querySelector(".letters");

if (field && input && list) {
  field.hidden = false;
  const options = Array.prototype.slice.call(list.querySelectorAll(".claim-option"));
  options.forEach(function (option) { option.dataset.folded = fold(option.dataset.search); });
  input.addEventListener("input", function () {
    const words = fold(input.value).trim().split(/\s+/).filter(Boolean);
    let shown = 0;
    options.forEach(function (option) {
      const match = words.every(function (w) { return option.dataset.folded.indexOf(w) >= 0; });
      const checked = option.querySelector("input").checked;
      option.hidden = !match && !checked;  // never hide the name already chosen
      if (!option.hidden) shown += 1;
    });
    Array.prototype.forEach.call(list.querySelectorAll(".letter-group"), function (group) {
      group.hidden = !group.querySelector(".claim-option:not([hidden])");
    });
    if (letters) letters.hidden = words.length > 0;
    if (noMatch) noMatch.hidden = shown > 0;
  });
}
