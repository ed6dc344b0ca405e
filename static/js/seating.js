/* Seating by hand: drag a person onto another table of the same round, or use the "Move"
   form under their name (keyboard, no script needed). Either way the move is posted, then
   the figures and tables are refreshed in place from the server's page: one source of
   truth, the engine re-plans around the hand placement. */
const ROOT_ID = "seating-live";

function root() { return document.getElementById(ROOT_ID); }

function announce(text) {
  const status = document.getElementById("seat-status");
  if (status) status.textContent = text;
}

async function refresh(focusKey) {
  const response = await fetch(window.location.pathname, {headers: {Accept: "text/html"}, credentials: "same-origin"});
  if (!response.ok) { window.location.reload(); return; }
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = doc.getElementById(ROOT_ID);
  if (!fresh) { window.location.reload(); return; }
  root().replaceWith(document.importNode(fresh, true));
  wire();
  if (focusKey) {
    const moved = root().querySelector('[data-person="' + focusKey.person + '"][data-round="' + focusKey.round + '"] summary');
    if (moved) moved.focus();
  }
}

async function move(form, key) {
  const tables = root().querySelectorAll("[data-drop-table]");
  tables.forEach(function (t) { t.setAttribute("aria-busy", "true"); });
  let answer = null;
  try {
    const response = await fetch(form.action, {method: "POST", body: new FormData(form),
      headers: {Accept: "application/json"}, credentials: "same-origin"});
    answer = await response.json();
  } catch (error) {
    answer = null;
  }
  if (!answer) { form.submit(); return; }  // the page's own answer, without script
  await refresh(key);
  announce(answer.message);
  showFlash(answer.message, answer.ok ? "success" : "error");
}

function showFlash(text, kind) {
  let box = document.querySelector(".flashes");
  if (!box) {
    box = document.createElement("div");
    box.className = "flashes";
    box.setAttribute("role", "status");
    document.getElementById("main").prepend(box);
  }
  box.textContent = "";
  const p = document.createElement("p");
  p.className = "flash flash-" + kind;
  p.textContent = text;
  box.appendChild(p);
}

function wire() {
  const area = root();
  if (!area) return;
  area.querySelectorAll("form.move-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      move(form, {person: form.elements.person.value, round: form.elements.round.value});
    });
  });
  let dragged = null;
  area.querySelectorAll("[data-person]").forEach(function (item) {
    item.addEventListener("dragstart", function (event) {
      dragged = item;
      item.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.person);
      area.querySelectorAll('[data-drop-table][data-round="' + item.dataset.round + '"]').forEach(function (t) { t.classList.add("drop-ok"); });
    });
    item.addEventListener("dragend", function () {
      item.classList.remove("dragging");
      area.querySelectorAll(".drop-ok, .drop-over").forEach(function (t) { t.classList.remove("drop-ok", "drop-over"); });
      dragged = null;
    });
  });
  area.querySelectorAll("[data-drop-table]").forEach(function (table) {
    function accepts() { return dragged && dragged.dataset.round === table.dataset.round && !table.contains(dragged); }
    table.addEventListener("dragover", function (event) {
      if (!accepts()) return;
      event.preventDefault();
      table.classList.add("drop-over");
    });
    table.addEventListener("dragleave", function () { table.classList.remove("drop-over"); });
    table.addEventListener("drop", function (event) {
      if (!accepts()) return;
      event.preventDefault();
      const form = dragged.querySelector("form.move-form");
      form.elements.table.value = table.dataset.dropTable;
      move(form, {person: dragged.dataset.person, round: dragged.dataset.round});
    });
  });
}

wire();
