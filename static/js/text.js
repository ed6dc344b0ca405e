/* Words on screen: the page's strings with "%(name)s" placeholders, a table's title, a
   phase's name, the message of a refused answer, a text cut short. Pure: no DOM, no
   socket (tests/js/text.test.mjs). */

/** "%(name)s" placeholders, as in the server's gettext strings. */
export function format(template, params) {
  return String(template == null ? "" : template).replace(/%\((\w+)\)s/g, function (m, key) {
    return params && Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : m;
  });
}

/** A translator over the page's strings block: t("table_number", {number: 3}). */
export function translator(strings) {
  return function t(key, params) {
    const text = strings && Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
    return format(text, params);
  };
}

/** "Table 3 · Terrace", or "Table 3" alone when the name is only the default "Table 3". */
export function tableTitle(t, number, name) {
  const plain = t("table_number", {number: number});
  const given = String(name || "").trim();
  const isDefault = !given || given.toLowerCase() === plain.toLowerCase() ||
    given.toLowerCase() === ("table " + number);
  return isDefault ? plain : t("table_number_name", {number: number, name: given});
}

/** The message to show for a refused or failed answer. */
export function errorText(t, res) {
  if (res && res.message) return res.message;
  const code = res && res.error ? "error_" + res.error : "error_unknown";
  const text = t(code);
  return text === code ? t("error_unknown") : text;
}

/** The translated name of a phase or, outside rounds, of the stage. */
export function phaseLabel(t, run) {
  if (!run) return "";
  if (run.stage === "round" && run.phase) return t("phase_" + run.phase);
  return t("stage_" + run.stage);
}

/** `text` cut to `size` characters, the last one an ellipsis. */
export function short(text, size) {
  const s = String(text || "");
  return s.length > size ? s.slice(0, size - 1) + "…" : s;
}
