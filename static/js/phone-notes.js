/* The phone's own notes: the list of this round's notes and earlier rounds', the composer
   (write, edit, share), and the queue of actions not yet acknowledged. Notes written
   without a connection wait in the outbox (localStorage) under a client-made id; the
   server is idempotent on that id, so a retry after a lost acknowledgement never makes a
   second note. noteViews and noteStatus are pure (tests/js/phone-notes.test.mjs). */
import {h, setText, show, syncList, announce} from "./dom.js";
import {errorText} from "./text.js";
import {store, uuid} from "./store.js";
import {Outbox, isRetryable} from "./outbox.js";
import {showToast} from "./toast.js";

/** What the list shows: the server's notes (a Map by client id) with the queued actions
    (`queued`, by client id) laid over them, newest first. */
export function noteViews(notes, queued) {
  const views = new Map();
  notes.forEach(function (note, key) {
    views.set(key, {key: key, id: note.id, text: note.text, state: note.state, round: note.round,
                    consolidated: !!note.consolidated, order: note.id || 0});
  });
  Object.keys(queued).forEach(function (key) {
    const op = queued[key];
    let view = views.get(key);
    if (op.op === "delete") { views.delete(key); return; }
    if (!view) {
      if (op.op !== "save") return;
      view = {key: key, id: null, text: op.text, state: "private", round: op.round,
              consolidated: false, order: 1e15 + op.at};  // not on the server yet: on top
      views.set(key, view);
    }
    if (op.op === "save") view.text = op.text;
    view.pending = op;
  });
  return Array.from(views.values()).sort(function (a, b) { return b.order - a.order; });
}

/** [state, words] of a note; `sending`: connected, or its request is on its way. */
export function noteStatus(view, t, sending) {
  const op = view.pending;
  if (op && op.error) return ["failed", t("note_failed", {message: op.error})];
  if (op) return sending ? ["sending", t("note_sending")] : ["pending", t("note_pending")];
  if (view.consolidated) return ["consolidated", t("note_consolidated")];
  if (view.state === "shared") return ["shared", t("note_shared")];
  if (view.state === "held") return ["held", t("note_held")];
  return ["saved", t("note_saved")];
}

/** Shared with the table, or waiting for the host's review: either way, not to share again. */
export function isShared(view) { return view.state === "shared" || view.state === "held"; }

/**
 * opts: {live, t, el (the composer's and the list's elements), state ({run, me, notes,
 *        tableNotes}, owned by the phone), prefix (storage keys of this person), max,
 *        canShare(), receiveNote(note), settled() (after each answer: redraw the table's notes)}
 * Returns {render, flush, online, editing, stopEditing, updateComposer}.
 */
export function noteBoard(opts) {
  const live = opts.live;
  const t = opts.t;
  const el = opts.el;
  const state = opts.state;
  const prefix = opts.prefix;
  const MAX = opts.max;
  const canShare = opts.canShare;
  const receiveNote = opts.receiveNote;
  const inFlight = new Set();
  // client_id -> {op: "save" | "share" | "delete", text, share, round, at, error}
  const outbox = new Outbox({
    storage: store, key: prefix + "queue",
    connected: function () { return live.socket.connected; },
    send: function (key, op, ready) {
      if (op.op === "share") {
        return sendShare(ready.filter(function (k) { return outbox.get(k).op === "share"; }).slice(0, 100));
      }
      return op.op === "save" ? sendSave(key, op) : sendDelete(key, op);
    },
    settled: function () { renderNotes(); opts.settled(); },
  });

  function views() { return noteViews(state.notes, outbox.entries); }

  function statusOf(view) {
    return noteStatus(view, t, live.socket.connected || inFlight.has(view.key));
  }

  /** A note in a list: its text and its state, then `actions` (this round's only). */
  function noteItem(actions) {
    return h("li", {class: "note"}, [
      h("p", {class: "note-text"}),
      h("p", {class: "note-state"}, [h("span", {class: "state-icon", "aria-hidden": "true"}), h("span", {class: "state-text"})]),
      actions,
    ]);
  }

  function fillNoteItem(li, view) {
    const status = statusOf(view);
    li.dataset.state = status[0];
    setText(li.querySelector(".note-text"), view.text);
    setText(li.querySelector(".state-text"), status[1]);
  }

  function createNoteItem() {
    return noteItem(h("div", {class: "note-actions"}, [
      h("button", {type: "button", class: "btn small primary", "data-action": "share", text: t("share")}),
      h("button", {type: "button", class: "btn small secondary", "data-action": "edit", text: t("edit")}),
      h("button", {type: "button", class: "btn small danger", "data-action": "delete", text: t("delete")}),
    ]));
  }

  function updateNoteItem(li, view) {
    fillNoteItem(li, view);
    const locked = view.consolidated;
    const shareBtn = li.querySelector("[data-action=share]");
    shareBtn.hidden = locked || isShared(view) || (view.pending && view.pending.share) || !canShare();
    li.querySelector("[data-action=edit]").hidden = locked;
    li.querySelector("[data-action=delete]").hidden = locked;
    li.classList.toggle("is-editing", editing === view.key);
  }

  function renderNotes() {
    if (!state.run) return;
    const round = state.run.round;
    const all = views();
    const current = all.filter(function (v) { return v.round === round; });
    syncList(el.list, current, function (v) { return v.key; }, createNoteItem, updateNoteItem);
    show(el.noNotes, current.length === 0);
    const unshared = current.filter(function (v) {
      return !isShared(v) && !v.consolidated && !(v.pending && (v.pending.share || v.pending.error));
    });
    show(el.shareAll, canShare() && unshared.length > 1);
    renderEarlier(all.filter(function (v) { return v.round !== round; }));
  }

  function renderEarlier(older) {
    show(el.earlier, older.length > 0);
    const rounds = [];
    older.forEach(function (v) { if (rounds.indexOf(v.round) < 0) rounds.push(v.round); });
    rounds.sort(function (a, b) { return b - a; });
    syncList(el.earlierList, rounds, String, function (round) {
      return h("section", {class: "earlier-round"}, [h("h3", {text: t("round_number", {number: round})}), h("ul", {class: "note-list"})]);
    }, function (section, round) {
      const mine = older.filter(function (v) { return v.round === round; });
      syncList(section.querySelector("ul"), mine, function (v) { return v.key; },
        function () { return noteItem(null); }, fillNoteItem);
    });
  }

  /* ---- Composer ----------------------------------------------------------------- */

  let editing = null;  // client_id of the note being edited
  let shareChoice = false;
  el.text.value = store.get(prefix + "draft", "") || "";
  let draftTimer = null;

  function updateComposer() {
    const length = el.text.value.length;
    const left = MAX - length;
    setText(el.count, left < 100 ? t("chars_left", {count: left}) : t("chars_count", {count: length, max: MAX}));
    el.count.classList.toggle("warn", left < 100);
    const empty = el.text.value.trim() === "";
    el.save.disabled = empty;
    el.saveShare.disabled = empty || !canShare();
  }

  el.text.addEventListener("input", function () {
    updateComposer();
    clearTimeout(draftTimer);
    draftTimer = setTimeout(function () { if (!editing) store.set(prefix + "draft", el.text.value); }, 400);
  });
  el.save.addEventListener("click", function () { shareChoice = false; });
  el.saveShare.addEventListener("click", function () { shareChoice = true; });
  el.composer.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = el.text.value.trim();
    if (!text) return;
    const key = editing || uuid();
    const existing = state.notes.get(key);
    // Editing a shared note keeps it shared; the server decides whether that is allowed now.
    queueSave(key, text.slice(0, MAX), shareChoice || !!(existing && isShared(existing)));
    stopEditing();
    el.text.value = "";
    store.remove(prefix + "draft");
    updateComposer();
    el.text.focus();
  });
  el.cancelEdit.addEventListener("click", function () { stopEditing(); el.text.value = store.get(prefix + "draft", "") || ""; updateComposer(); });

  function startEditing(key) {
    const view = views().filter(function (v) { return v.key === key; })[0];
    if (!view) return;
    if (!editing) store.set(prefix + "draft", el.text.value);
    editing = key;
    el.text.value = view.text;
    show(el.editingLabel, true);
    show(el.cancelEdit, true);
    setText(el.save, t("update_note"));
    el.saveShare.hidden = isShared(view) || !canShare();
    updateComposer();
    renderNotes();
    el.text.focus();
    el.composer.scrollIntoView({block: "nearest"});
  }

  function stopEditing() {
    editing = null;
    show(el.editingLabel, false);
    show(el.cancelEdit, false);
    setText(el.save, t("save_note"));
    el.saveShare.hidden = !canShare();
    renderNotes();
  }

  el.list.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const key = button.closest("li").dataset.key;
    const action = button.dataset.action;
    if (action === "share") queueShare([key]);
    else if (action === "edit") startEditing(key);
    else if (action === "delete" && window.confirm(t("confirm_delete"))) queueDelete(key);
  });
  el.shareAll.addEventListener("click", function () {
    const round = state.run.round;
    queueShare(views().filter(function (v) {
      return v.round === round && v.state !== "shared" && !v.consolidated && !(v.pending && v.pending.error);
    }).map(function (v) { return v.key; }));
  });

  /* ---- Queue operations ---------------------------------------------------------- */

  function queueSave(key, text, share) {
    const before = outbox.get(key);
    const known = state.notes.get(key);
    outbox.put(key, {op: "save", text: text, share: share || !!(before && before.op !== "delete" && before.share),
                     round: (before && before.round) || (known && known.round) || state.run.round, at: Date.now()});
    changed();
    if (!live.socket.connected) announce(el.announcer, t("announce_queued"));
  }

  function queueShare(keys) {
    keys.forEach(function (key) {
      const op = outbox.get(key);
      if (op && op.op === "save") { op.share = true; op.error = null; }
      else if (!op) outbox.put(key, {op: "share", at: Date.now()});
    });
    changed();
  }

  function queueDelete(key) {
    if (editing === key) stopEditing();
    const op = outbox.get(key);
    if (!state.notes.has(key) && op && op.error) outbox.remove(key);  // never reached the server
    else outbox.put(key, {op: "delete", at: Date.now()});
    changed();
  }

  function changed() {
    outbox.save();
    renderNotes();
    outbox.flush();
  }

  /* Each sender answers with the server's acknowledgement: the outbox sends the same
     action again later when it asks for patience, else goes on with the next one. */

  function sendSave(key, op) {
    inFlight.add(key);
    const payload = {client_id: key, text: op.text, share: !!op.share};
    if (op.round) payload.round = op.round;  // typed in an earlier round: filed there
    return live.emitWithAck("note.save", payload, 10000, 2)
      .then(function (res) {
        inFlight.delete(key);
        if (res.ok) {
          if (res.note) { state.notes.set(key, res.note); receiveNote(res.note); }
          outbox.remove(key, op);
          announce(el.announcer, t(res.note && isShared(res.note) ? "announce_shared" : "announce_saved"));
          return res;
        }
        if (res.error === "not_now" && op.share) {
          op.share = false;  // sharing has closed since: keep the note, privately
          announce(el.announcer, t("saved_not_shared"));
          return res;
        }
        if (isRetryable(res)) return res;
        if (outbox.get(key) === op) op.error = errorText(t, res);
        announce(el.announcer, errorText(t, res));
        return res;
      });
  }

  function sendShare(keys) {
    keys.forEach(function (k) { inFlight.add(k); });
    return live.emitWithAck("note.share", {client_ids: keys}, 10000, 2).then(function (res) {
      keys.forEach(function (k) { inFlight.delete(k); });
      if (isRetryable(res)) return res;
      keys.forEach(function (k) { if (outbox.get(k) && outbox.get(k).op === "share") outbox.remove(k); });
      if (res.ok) {
        (res.notes || []).forEach(function (note) { receiveNote(note); });
        const n = (res.notes || []).length || keys.length;
        announce(el.announcer, n > 1 ? t("announce_shared_many", {count: n}) : t("announce_shared"));
      } else {
        // The notes stay saved; only the sharing was refused.
        announce(el.announcer, res.error === "not_now" ? t("share_when") : errorText(t, res));
        showToast(res.error === "not_now" ? t("share_when") : errorText(t, res));
      }
      return res;
    });
  }

  function sendDelete(key, op) {
    inFlight.add(key);
    return live.emitWithAck("note.delete", {client_id: key}, 10000, 2).then(function (res) {
      inFlight.delete(key);
      if (res.ok || res.error === "not_found") {
        state.notes.delete(key);
        state.tableNotes.delete(key);
        outbox.remove(key, op);
        announce(el.announcer, t("announce_deleted"));
        return res;
      }
      if (isRetryable(res)) return res;
      outbox.remove(key, op);  // refused (consolidated): the note comes back
      showToast(errorText(t, res));
      return res;
    });
  }

  // Another tab of the same person changed the queue: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === outbox.key) {
      outbox.reload();
      renderNotes();
    }
  });

  return {
    render: renderNotes,
    flush: function () { outbox.flush(); },
    online: function () { outbox.online(); },
    editing: function () { return editing; },
    stopEditing: stopEditing,
    updateComposer: updateComposer,
  };
}
