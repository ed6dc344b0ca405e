/* Diagnostic import pages: show the upload's progress, then poll the server's progress of
   the reading. Without this script the form posts as usual and the status page refreshes
   itself (<noscript> meta refresh). Sentences come from data-* attributes (translated). */

function uploadWithProgress(form) {
  const box = form.querySelector(".upload-progress");
  const bar = box.querySelector("progress");
  const status = form.querySelector("[data-upload-status]");
  const button = form.querySelector("button[type=submit]");
  form.addEventListener("submit", (event) => {
    const input = form.querySelector("input[type=file]");
    if (!window.FormData || !input || !input.files.length) return;  // the server explains
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.round((100 * e.loaded) / e.total);
      bar.value = percent;
      status.textContent = percent < 100
        ? form.dataset.sending.replace("{p}", percent) : form.dataset.reading;
    });
    xhr.addEventListener("load", () => {
      if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== form.action) {
        window.location.assign(xhr.responseURL);
      } else {  // a page the server rendered with the problem (form errors, 413)
        document.open();
        document.write(xhr.responseText);
        document.close();
      }
    });
    xhr.addEventListener("error", () => {
      status.textContent = form.dataset.failed;
      button.disabled = false;
    });
    box.hidden = false;
    button.disabled = true;
    status.textContent = form.dataset.sending.replace("{p}", 0);
    xhr.send(new FormData(form));
  });
}

function pollProgress(box) {
  const bar = box.querySelector("progress");
  const tick = async () => {
    try {
      const response = await fetch(box.dataset.progressUrl, {headers: {Accept: "application/json"}});
      const state = await response.json();
      if (!state.running) {
        window.location.reload();
        return;
      }
      if (state.percent !== null) bar.value = state.percent;
      box.querySelector("[data-message]").textContent = state.message;
      if (state.total) {
        box.querySelector("[data-count]").textContent =
          box.dataset.rows.replace("{d}", state.done).replace("{t}", state.total);
      }
    } catch (error) {
      /* a missed poll is retried */
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 700);
}

document.querySelectorAll("form[data-upload]").forEach(uploadWithProgress);
document.querySelectorAll("[data-progress-url]").forEach(pollProgress);

/* Themes page: choosing a theme's stage in its select moves it at once (one click); the
   Move button stays for browsers without this script. */
document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
  const button = form.querySelector("button[type=submit]");
  if (button) button.hidden = true;
  form.querySelector("select").addEventListener("change", () => form.submit());
});
