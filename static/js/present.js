/* The diagnostic presentation as slides: one on screen at a time, stepped with the arrow
   keys, Page Up/Down, space or the buttons; the slide number is kept in the address
   (#2) so a reload stays put. Without this script the slides simply stack. */
const deck = document.getElementById("deck");
const slides = deck ? Array.from(deck.querySelectorAll(".slide")) : [];
const counter = document.getElementById("slide-count");
const buttons = Array.from(document.querySelectorAll("[data-slide-step]"));
let current = 0;

function show(index) {
  current = Math.max(0, Math.min(slides.length - 1, index));
  slides.forEach(function (slide, i) { slide.hidden = i !== current; });
  const label = deck.dataset.labelOf.replace("{n}", current + 1).replace("{t}", slides.length);
  counter.textContent = (current + 1) + " / " + slides.length;
  counter.setAttribute("aria-label", label);
  buttons.forEach(function (button) {
    const step = Number(button.dataset.slideStep);
    button.hidden = false;
    button.disabled = (step < 0 && current === 0) || (step > 0 && current === slides.length - 1);
  });
  history.replaceState(null, "", "#" + (current + 1));
}

if (slides.length) {
  deck.classList.add("js");
  buttons.forEach(function (button) {
    button.addEventListener("click", function () { show(current + Number(button.dataset.slideStep)); });
  });
  document.addEventListener("keydown", function (event) {
    if (event.target.closest && event.target.closest("a, button, input, textarea, select")) return;
    if (["ArrowRight", "PageDown", " "].indexOf(event.key) >= 0) { event.preventDefault(); show(current + 1); }
    else if (["ArrowLeft", "PageUp"].indexOf(event.key) >= 0) { event.preventDefault(); show(current - 1); }
    else if (event.key === "Home") show(0);
    else if (event.key === "End") show(slides.length - 1);
  });
  show((parseInt(window.location.hash.slice(1), 10) || 1) - 1);
}
