/* The toast: a short message at the bottom of the screen (role=alert) for what went wrong
   away from where the person is looking. One element per page, made on first need. */
import {h, setText} from "./dom.js";

const SHOWN_MS = 6000;
let timer = null;

export function showToast(text) {
  let toast = document.getElementById("toast");
  if (!toast) {
    toast = h("p", {id: "toast", class: "toast", role: "alert"});
    document.body.appendChild(toast);
  }
  setText(toast, text);
  toast.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(function () { toast.hidden = true; }, SHOWN_MS);
}
