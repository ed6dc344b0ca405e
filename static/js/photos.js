/* Tablecloth photos: the tray of one table and round (the host's phone, a participant's
   when the workshop allows, the console's table detail) and the thumbnails the board and
   the plenary show. The phone shrinks a photo with a canvas before sending it (weak Wi-Fi;
   the browser also turns it upright and drops its metadata), sends it as multipart with
   the page's CSRF token, shows the progress, and offers a retry when sending fails. The
   server checks and resizes again: nothing here is trusted. ES2017, no framework. */
import {h, setText, show, syncList, announce} from "./dom.js";

const CLIENT_SIDE = 2000;
const CLIENT_QUALITY = 0.85;

/** The CSRF token the page carries (a meta tag on the phone, a form field on the console). */
export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) return meta.getAttribute("content");
  const field = document.querySelector('input[name="csrf_token"]');
  return field ? field.value : "";
}

/** A row of thumbnails, each opening the full photo in a new tab. */
export function renderThumbs(container, photos, t, opts) {
  const o = opts || {};
  syncList(container, photos || [], function (p) { return p.id; }, function (p) {
    const img = h("img", {src: p.thumb, alt: "", loading: "lazy", decoding: "async"});
    const link = h("a", {href: p.url, target: "_blank", rel: "noopener", class: "photo-link"}, [img]);
    const children = [link];
    if (o.captions) children.push(h("p", {class: "photo-caption"}));
    if (o.onDelete) {
      children.push(h("button", {type: "button", class: "btn small danger photo-delete",
                                 "data-photo": p.id, text: t("photo_delete")}));
    }
    return h("li", {class: "photo-thumb"}, children);
  }, function (li, p) {
    const label = p.caption || t("photo_untitled", {number: p.table});
    const link = li.querySelector("a");
    link.setAttribute("aria-label", t("photo_open", {caption: label}));
    link.title = label;
    const img = li.querySelector("img");
    // The thumbnail's box is known before it loads: the list does not jump.
    const side = 320;
    const scale = Math.min(1, side / Math.max(p.width || side, p.height || side));
    img.width = Math.round((p.width || side) * scale);
    img.height = Math.round((p.height || side) * scale);
    const caption = li.querySelector(".photo-caption");
    if (caption) setText(caption, p.caption || "");
    const del = li.querySelector(".photo-delete");
    if (del) {
      del.hidden = !o.onDelete || (o.canDelete && !o.canDelete(p));
      del.setAttribute("aria-label", t("photo_delete_named", {caption: label}));
    }
  });
  if (o.onDelete && !container.dataset.wired) {
    container.dataset.wired = "yes";
    container.addEventListener("click", function (event) {
      const button = event.target.closest("button[data-photo]");
      if (button) o.onDelete(Number(button.dataset.photo), button);
    });
  }
}

/** Shrink to `side` px on the long side as a JPEG; the original when the browser cannot. */
export function shrink(file, side) {
  return new Promise(function (resolve) {
    if (!window.FileReader || !document.createElement("canvas").getContext) { resolve(file); return; }
    const reader = new FileReader();
    reader.onerror = function () { resolve(file); };
    reader.onload = function () {
      // A data: URL, not a blob: one: the page's CSP allows images from 'self' and data:.
      const img = new Image();
      img.onerror = function () { resolve(file); };  // HEIC on some browsers: the server decides
      img.onload = function () {
        const scale = Math.min(1, side / Math.max(img.naturalWidth, img.naturalHeight));
        if (scale === 1 && file.size < 1500000 && file.type === "image/jpeg") { resolve(file); return; }
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
        canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
        const ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff";  // transparent drawings on white, as the server does
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        if (!canvas.toBlob) { resolve(file); return; }
        canvas.toBlob(function (blob) { resolve(blob && blob.size < file.size ? blob : file); },
                      "image/jpeg", CLIENT_QUALITY);
      };
      img.src = reader.result;
    };
    reader.readAsDataURL(file);
  });
}

/** POST a FormData, reporting upload progress; resolves {status, body} (body null if not JSON). */
function send(url, form, onProgress) {
  return new Promise(function (resolve) {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.timeout = 120000;
    if (xhr.upload && onProgress) {
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    }
    xhr.onload = function () {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      resolve({status: xhr.status, body: body});
    };
    xhr.onerror = xhr.ontimeout = xhr.onabort = function () { resolve({status: 0, body: null}); };
    xhr.send(form);
  });
}

/**
 * The tray of one table's photos for one round.
 * opts: {t, announcer, uploadUrl, deleteUrl(id), listUrl (optional), fields() -> extra form
 *        fields (the console names the table and round), canDelete(photo), title (bool)}
 */
export function PhotoTray(root, opts) {
  this.root = root;
  this.t = opts.t;
  this.opts = opts;
  this.data = null;        // {table, round, photos, max, may_add}
  this.failed = null;      // {blob, caption}: the last upload that did not go through
  this.busy = false;
  this.build();
}

const P = PhotoTray.prototype;

P.build = function () {
  const t = this.t;
  const self = this;
  const uid = "ph" + Math.random().toString(36).slice(2, 7);
  this.root.textContent = "";
  this.root.classList.add("photo-tray");
  this.count = h("span", {class: "count"});
  this.input = h("input", {id: uid + "-file", type: "file", accept: "image/*", capture: "environment",
                           class: "sr-only photo-input", tabindex: "-1", "aria-label": t("photo_add")});
  // A real button opens the (visually hidden) file input: a label may not take role=button.
  this.addButton = h("button", {type: "button", class: "btn primary photo-add", "aria-controls": uid + "-file",
                                text: t("photo_add")});
  this.caption = h("input", {id: uid + "-caption", type: "text", maxlength: 200, autocomplete: "off",
                             placeholder: t("photo_caption_placeholder")});
  this.status = h("p", {class: "photo-status", role: "status", "aria-live": "polite", hidden: true});
  this.progress = h("progress", {max: 100, value: 0, class: "photo-progress", hidden: true});
  this.retry = h("button", {type: "button", class: "btn small primary", text: t("photo_retry"), hidden: true});
  this.giveUp = h("button", {type: "button", class: "btn small link-btn", text: t("photo_dismiss"), hidden: true});
  this.list = h("ul", {class: "photo-list", "aria-label": t("photos_title")});
  this.empty = h("p", {class: "muted", text: t("photos_empty")});
  this.full = h("p", {class: "hint", hidden: true});
  this.root.appendChild(h("div", {class: "photo-head"}, [
    this.opts.title === false ? null : h("h3", {}, [t("photos_title") + " ", this.count]),
    this.opts.title === false ? null : h("p", {class: "hint", text: t("photos_hint")}),
  ]));
  this.root.appendChild(h("div", {class: "photo-controls"}, [
    h("label", {for: uid + "-caption", class: "photo-caption-label", text: t("photo_caption_label")}),
    this.caption, this.input, this.addButton, this.full,
  ]));
  this.root.appendChild(h("div", {class: "photo-state"}, [this.progress, this.status, this.retry, this.giveUp]));
  this.root.appendChild(this.list);
  this.root.appendChild(this.empty);
  this.input.addEventListener("change", function () {
    const file = self.input.files && self.input.files[0];
    self.input.value = "";  // the same photo can be chosen again
    if (file) self.add(file);
  });
  this.addButton.addEventListener("click", function () {
    if (self.addButton.getAttribute("aria-disabled") !== "true") self.input.click();
  });
  this.retry.addEventListener("click", function () { if (self.failed) self.upload(self.failed.blob, self.failed.caption); });
  this.giveUp.addEventListener("click", function () { self.failed = null; self.setStatus(null); });
};

/** Photos from the server: a snapshot, an upload's answer, a `photos` event, a list. */
P.update = function (data) {
  if (!data) return;
  this.data = Object.assign({}, this.data || {}, data);
  this.render();
};

P.reload = function () {
  const self = this;
  if (!this.opts.listUrl || !window.fetch) return Promise.resolve();
  return fetch(this.opts.listUrl(), {credentials: "same-origin", headers: {Accept: "application/json"}})
    .then(function (r) { return r.json(); })
    .then(function (body) { if (body && body.ok) self.update(body); return body; })
    .catch(function () { return null; });
};

P.render = function () {
  const t = this.t;
  const self = this;
  const data = this.data || {photos: []};
  const photos = data.photos || [];
  const max = data.max || 12;
  setText(this.count, t("photo_count", {count: photos.length, max: max}));
  const isFull = photos.length >= max;
  setText(this.full, isFull ? t("photo_full", {max: max}) : "");
  show(this.full, isFull);
  this.addButton.classList.toggle("is-disabled", isFull || this.busy);
  this.addButton.setAttribute("aria-disabled", isFull || this.busy ? "true" : "false");
  this.input.disabled = isFull || this.busy;
  show(this.empty, photos.length === 0);
  renderThumbs(this.list, photos, t, {
    captions: true,
    canDelete: this.opts.canDelete,
    onDelete: function (id, button) { self.remove(id, button); },
  });
};

P.setStatus = function (text, kind, fraction) {
  show(this.status, !!text);
  setText(this.status, text || "");
  this.status.dataset.kind = kind || "";
  show(this.progress, kind === "sending");
  if (kind === "sending") this.progress.value = Math.round((fraction || 0) * 100);
  show(this.retry, kind === "failed" && !!this.failed);
  show(this.giveUp, kind === "failed" && !!this.failed);
};

P.add = function (file) {
  const self = this;
  const caption = this.caption.value;
  this.busy = true;
  this.render();
  this.setStatus(this.t("photo_preparing"), "sending", 0);
  shrink(file, (this.data && this.data.client_side) || CLIENT_SIDE).then(function (blob) {
    self.upload(blob, caption);
  });
};

P.upload = function (blob, caption) {
  const self = this;
  const t = this.t;
  const form = new FormData();
  form.append("photo", blob, "photo.jpg");
  form.append("caption", caption || "");
  const extra = this.opts.fields ? this.opts.fields() : {};
  Object.keys(extra).forEach(function (k) { form.append(k, extra[k]); });
  this.busy = true;
  this.render();
  this.setStatus(t("photo_sending"), "sending", 0);
  return send(this.opts.uploadUrl(), form, function (fraction) {
    self.setStatus(t("photo_sending"), "sending", fraction);
  }).then(function (res) {
    self.busy = false;
    if (res.status === 200 && res.body && res.body.ok) {
      self.failed = null;
      self.caption.value = "";
      const photos = ((self.data && self.data.photos) || []).filter(function (p) { return p.id !== res.body.photo.id; });
      photos.push(res.body.photo);
      self.update({photos: photos});
      self.setStatus(t("photo_sent"), "done");
      announce(self.opts.announcer, t("photo_sent"));
      return;
    }
    const message = res.body && res.body.error ? res.body.error : t("photo_network");
    // A refusal (not a photo, too large, too many) will not change on a retry; a dropped
    // connection, a busy server or a rate limit may.
    const retryable = res.status === 0 || res.status === 429 || res.status >= 500;
    self.failed = retryable ? {blob: blob, caption: caption} : null;
    self.render();
    self.setStatus(t("photo_failed", {message: message}), "failed");
    announce(self.opts.announcer, t("photo_failed", {message: message}));
  });
};

P.remove = function (id, button) {
  const self = this;
  if (!window.confirm(this.t("photo_confirm_delete"))) return;
  if (button) button.disabled = true;
  send(this.opts.deleteUrl(id), new FormData()).then(function (res) {
    if (button) button.disabled = false;
    if (res.status === 200 || res.status === 404) {
      self.update({photos: ((self.data && self.data.photos) || []).filter(function (p) { return p.id !== id; })});
      announce(self.opts.announcer, self.t("photo_deleted"));
      self.setStatus(self.t("photo_deleted"), "done");
    } else {
      self.setStatus(self.t("photo_failed", {message: res.body && res.body.error ? res.body.error : self.t("photo_network")}), "failed");
    }
  });
};

/**
 * The phone's tray: during a round, for whoever may add photos to their table (its host;
 * the people seated there when the workshop allows). opts: {live, t, announcer, code,
 * me: () -> the phone's `me`}. Follows the snapshot, the run and the `photos` events.
 */
export function PhonePhotos(root, opts) {
  const self = this;
  const base = "/p/" + encodeURIComponent(opts.code) + "/photos";
  this.root = root;
  this.data = null;       // the table's photos for one round, from the server
  this.allowed = false;   // the snapshot says this person may add photos at all
  this.asked = null;      // the round whose list was fetched
  this.run = null;
  this.tray = new PhotoTray(root, {
    t: opts.t, announcer: opts.announcer,
    uploadUrl: function () { return base; },
    listUrl: function () { return base; },
    deleteUrl: function (id) { return base + "/" + id + "/delete"; },
    canDelete: function (p) { const me = opts.me(); return me.role === "host" || p.by === me.id; },
  });
  opts.live.on("photos", function (payload) { self.receive(payload); });
}

PhonePhotos.prototype.snapshot = function (snapshot) {
  this.allowed = !!snapshot.photos_allowed;
  this.data = snapshot.photos || null;
  this.asked = this.data ? this.data.round : null;
  this.render();
};

PhonePhotos.prototype.setRun = function (run) {
  this.run = run;
  this.render();
};

PhonePhotos.prototype.receive = function (payload) {
  if (!this.data || payload.table !== this.data.table || payload.round !== this.data.round) return;
  this.data = Object.assign({}, this.data, payload);
  this.render();
};

PhonePhotos.prototype.render = function () {
  const self = this;
  const run = this.run;
  const inRound = !!(run && run.stage === "round");
  const current = !!(inRound && this.data && this.data.round === run.round);
  show(this.root, current);
  if (current) { this.tray.update(this.data); return; }
  if (inRound && this.allowed && this.asked !== run.round) {
    // A new round: its photos (usually none yet) and whether this phone may add some.
    this.asked = run.round;
    this.tray.reload().then(function (body) {
      if (body && body.ok && body.may_add) { self.data = body; self.render(); }
    });
  }
};
