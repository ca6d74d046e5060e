// gongwen serve: the form, built from the questionnaire definition the API serves.
// The answers object is the one source of truth: every input writes its value at its field
// path, lists are redrawn from it after add / remove / reorder, and each change is sent to
// the server's validator (the one `gongwen validate` runs), whose messages are shown at the
// field their path names.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { kinds: [], kind: null, q: null, answers: {}, defaults: null, defaultsName: "", timer: null, seq: 0 };

// ---- answers by path ----------------------------------------------------------------------

/** "基本情况.分年度发展党员数[1].年份" → ["基本情况", "分年度发展党员数", 1, "年份"] */
function parsePath(path) {
  const parts = [];
  for (const piece of path.split(".")) {
    const m = piece.match(/^(.*?)((?:\[\d+\])*)$/);
    if (m[1] !== "") parts.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
  }
  return parts;
}

function getAt(root, parts) {
  let v = root;
  for (const p of parts) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[p];
  }
  return v;
}

/** Sets (or, for undefined, removes) the value at a path, making objects on the way. */
function setAt(root, parts, value) {
  let v = root;
  for (let i = 0; i < parts.length - 1; i++) {
    if (v[parts[i]] === null || typeof v[parts[i]] !== "object") v[parts[i]] = typeof parts[i + 1] === "number" ? [] : {};
    v = v[parts[i]];
  }
  const last = parts[parts.length - 1];
  if (value === undefined && !Array.isArray(v)) delete v[last];
  else v[last] = value === undefined ? null : value;
}

// ---- building the form --------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

/** Text fields whose answer may hold paragraphs: the hint or the example says so. */
function multiline(f) {
  return /换行|另起一段|分段|段落/.test(f.hint || "") || (typeof f.example === "string" && f.example.includes("\n"));
}

function exampleText(f) {
  if (f.example === undefined || f.example === null) return undefined;
  if (f.type === "boolean") return undefined;
  return "例如：" + (typeof f.example === "string" ? f.example : JSON.stringify(f.example));
}

function labelOf(f, id) {
  return el(id ? "label" : "span", { class: id ? undefined : "label", for: id }, f.label || f.key || "",
    f.required ? el("span", { class: "required", title: "必填", text: "＊" }) : null);
}

/** One field at `path`, drawn into `parent`. */
function drawField(f, path, parent) {
  if (f.type === "object") return drawObject(f, path, parent);
  if (f.type === "list") return drawList(f, path, parent);
  const id = "f-" + path;
  const wrap = el("div", { class: "field", "data-path": path });
  const value = getAt(state.answers, parsePath(path));
  const fallback = state.defaults ? getAt(state.defaults, parsePath(path)) : undefined;
  const placeholder = fallback !== undefined && fallback !== null && typeof fallback !== "object"
    ? "默认值：" + fallback : exampleText(f);
  let input;
  const common = { id, name: path, placeholder, "aria-required": f.required ? "true" : undefined };
  switch (f.type) {
    case "text":
      input = multiline(f) ? el("textarea", Object.assign({ rows: 4 }, common)) : el("input", Object.assign({ type: "text" }, common));
      if (f.max_length) input.maxLength = f.max_length;
      input.value = typeof value === "string" ? value : "";
      input.addEventListener("input", () => changed(path, input.value === "" ? undefined : input.value));
      break;
    case "integer":
    case "decimal":
    case "percentage": {
      const places = f.type === "integer" ? 0 : (f.places || 0);
      const step = places > 0 ? (1 / Math.pow(10, places)).toFixed(places) : "1";
      const [min, max] = f.type === "percentage" ? [f.minimum ?? 0, f.maximum ?? 100] : [f.minimum, f.maximum];
      input = el("input", Object.assign({ type: "number", step, min, max, inputmode: places ? "decimal" : "numeric" }, common));
      input.value = typeof value === "number" ? String(value) : "";
      input.addEventListener("input", () => changed(path, input.value === "" ? undefined : Number(input.value)));
      break;
    }
    case "date":
      input = el("input", Object.assign({ type: "date" }, common));
      input.value = typeof value === "string" ? value : "";
      input.addEventListener("input", () => changed(path, input.value === "" ? undefined : input.value));
      break;
    case "boolean":
    case "choice": {
      input = el("select", { id, name: path, "aria-required": f.required ? "true" : undefined });
      const options = f.type === "boolean" ? [["", "（未填写）"], ["true", "是"], ["false", "否"]]
        : [["", "（请选择）"]].concat((f.choices || []).map((c) => [c, c]));
      for (const [v, t] of options) input.append(el("option", { value: v, text: t }));
      input.value = value === undefined || value === null ? "" : String(value);
      input.addEventListener("change", () => {
        const v = input.value;
        changed(path, v === "" ? undefined : f.type === "boolean" ? v === "true" : v);
      });
      break;
    }
    default:
      input = el("input", Object.assign({ type: "text" }, common));
      input.value = value === undefined ? "" : JSON.stringify(value);
  }
  wrap.append(labelOf(f, id));
  if (f.hint) wrap.append(el("span", { class: "hint", text: f.hint }));
  if (f.type === "percentage") wrap.append(el("span", { class: "with-suffix" }, input, el("span", { class: "suffix", text: "%" })));
  else wrap.append(input);
  wrap.append(el("div", { class: "msg", "aria-live": "polite" }));
  parent.append(wrap);
}

function drawObject(f, path, parent) {
  const box = el("fieldset", { class: "field object", "data-path": path }, el("legend", {}, labelOf(f)));
  if (f.hint) box.append(el("span", { class: "hint", text: f.hint }));
  box.append(el("div", { class: "msg" }));
  for (const sub of f.fields || []) drawField(sub, path + "." + sub.key, box);
  parent.append(box);
}

function drawList(f, path, parent) {
  const box = el("fieldset", { class: "field list", "data-path": path }, el("legend", {}, labelOf(f)));
  if (f.hint) box.append(el("span", { class: "hint", text: f.hint }));
  const items = el("div", { class: "items" });
  const add = el("button", { type: "button", class: "add", text: "＋ 添加一项" });
  box.append(el("div", { class: "msg" }), items, add);
  parent.append(box);
  const parts = parsePath(path);
  const list = () => {
    let v = getAt(state.answers, parts);
    if (!Array.isArray(v)) { v = []; setAt(state.answers, parts, v); }
    return v;
  };
  const redraw = () => {
    items.replaceChildren();
    const v = getAt(state.answers, parts);
    const n = Array.isArray(v) ? v.length : 0;
    if (n === 0) items.append(el("p", { class: "list-empty", text: "还没有填写，点「添加一项」" + (f.min_items ? "（至少 " + f.min_items + " 项）" : "") }));
    for (let i = 0; i < n; i++) {
      const item = el("div", { class: "item" });
      const bar = el("div", { class: "item-bar" }, el("span", { text: "第 " + (i + 1) + " 项" }));
      const button = (text, title, disabled, action) => {
        const b = el("button", { type: "button", title, disabled, text });
        b.addEventListener("click", () => { action(); redraw(); schedule(); });
        bar.append(b);
      };
      button("上移", "把这一项移到前面", i === 0, () => { const a = list(); [a[i - 1], a[i]] = [a[i], a[i - 1]]; });
      button("下移", "把这一项移到后面", i === n - 1, () => { const a = list(); [a[i + 1], a[i]] = [a[i], a[i + 1]]; });
      button("删除", "删除这一项", false, () => { list().splice(i, 1); });
      item.append(bar);
      drawField(Object.assign({}, f.items, { label: f.items.label || "" }), path + "[" + i + "]", item);
      items.append(item);
    }
  };
  add.addEventListener("click", () => {
    if (f.max_items && list().length >= f.max_items) return;
    list().push(f.items.type === "object" ? {} : f.items.type === "list" ? [] : null);
    redraw();
    schedule();
  });
  redraw();
}

function drawForm() {
  const form = $("form");
  form.replaceChildren(el("h2", { text: state.q.title }));
  for (const f of state.q.fields) drawField(f, f.key, form);
}

// ---- talking to the server ----------------------------------------------------------------

function changed(path, value) {
  setAt(state.answers, parsePath(path), value);
  schedule();
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(check, 300);
}

function body() {
  const b = { answers: state.answers };
  if (state.defaults) b.defaults = state.defaults;
  return JSON.stringify(b);
}

async function post(what) {
  return fetch("/api/kinds/" + encodeURIComponent(state.kind) + "/" + what, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: body(), credentials: "same-origin",
  });
}

async function check() {
  const seq = ++state.seq;
  let r, data;
  try {
    r = await post("validate");
    data = await r.json();
  } catch (e) {
    status("无法连接 gongwen serve：请确认它仍在运行");
    return;
  }
  if (seq !== state.seq) return; // a later check is under way
  if (!r.ok) { show(data.diagnostics || [], data.error); return; }
  show(data.diagnostics, null, data);
  $("outline").textContent = data.outline || "改正错误后在这里显示报告的大纲。";
}

/** The field element a diagnostic's path names, or the nearest enclosing one. */
function fieldFor(path) {
  if (!path) return null;
  let parts = parsePath(path);
  while (parts.length) {
    const p = parts.reduce((s, x) => typeof x === "number" ? s + "[" + x + "]" : (s ? s + "." + x : x), "");
    const found = document.querySelector('[data-path="' + CSS.escape(p) + '"]');
    if (found) return found;
    parts = parts.slice(0, -1);
  }
  return null;
}

function show(diags, error, data) {
  for (const m of document.querySelectorAll(".msg")) m.replaceChildren();
  for (const f of document.querySelectorAll(".has-error")) f.classList.remove("has-error");
  const list = $("problems");
  list.replaceChildren();
  for (const d of diags) {
    const text = d.message + (d.hint ? "（" + d.hint + "）" : "");
    const where = d.path ? d.path + "：" : d.file && d.file !== "答案" ? d.file + "：" : "";
    const label = d.severity === "error" ? "错误" : "警告";
    const field = fieldFor(d.path);
    if (field) {
      field.querySelector(":scope > .msg").append(el("div", { class: d.severity, text: label + "：" + text }));
      if (d.severity === "error") field.classList.add("has-error");
    }
    const li = el("li", { class: d.severity, text: label + "：" + where + text });
    if (field) li.addEventListener("click", () => field.scrollIntoView({ behavior: "smooth", block: "center" }));
    list.append(li);
  }
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.length - errors;
  $("summary").textContent = error ? error
    : errors ? "有 " + errors + " 处错误、" + warnings + " 处警告；改正错误后才能生成报告。"
    : warnings ? "没有错误，有 " + warnings + " 处警告，请查看。" : "没有发现问题，可以生成报告。";
  $("summary").className = errors || error ? "error" : warnings ? "warning" : "ok";
  status(data && data.file ? "报告文件名：" + data.file : "");
}

function status(text) { $("status").textContent = text; }

/** Saves bytes under a name, through a temporary link (nothing leaves the browser). */
function saveBlob(blob, name) {
  const a = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function fileNameOf(r, fallback) {
  const cd = r.headers.get("Content-Disposition") || "";
  const m = cd.match(/filename\*=UTF-8''([^;]+)/);
  return m ? decodeURIComponent(m[1]) : fallback;
}

async function render() {
  clearTimeout(state.timer);
  status("正在生成……");
  const r = await post("render");
  if (r.ok) {
    const name = fileNameOf(r, "报告.docx");
    saveBlob(await r.blob(), name);
    status("已生成：" + name);
    return;
  }
  const data = await r.json().catch(() => ({ error: "生成失败" }));
  show(data.diagnostics || [], data.error);
  status(data.error || "生成失败");
}

/** A file's text: UTF-8 or UTF-16 with BOM, else GBK (what Windows Notepad may save). */
async function readText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try { return new TextDecoder("utf-8", { fatal: true }).decode(bytes); } catch (e) { return new TextDecoder("gbk").decode(bytes); }
}

async function readJson(file) {
  const text = await readText(file);
  try {
    const v = JSON.parse(text);
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error("not an object");
    return v;
  } catch (e) {
    status("无法载入「" + file.name + "」：不是有效的答案文件（JSON 对象）；可用 gongwen validate 查看出错的行和列");
    return null;
  }
}

async function loadAnswers(file) {
  const v = await readJson(file);
  if (!v) return;
  if (typeof v["$template"] === "string" && v["$template"] !== state.kind && state.kinds.some((k) => k.id === v["$template"])) {
    $("kind").value = v["$template"];
    await chooseKind(v["$template"], v);
  } else {
    state.answers = v;
    drawForm();
  }
  status("已载入答案：" + file.name);
  schedule();
}

async function loadDefaults(file) {
  const v = await readJson(file);
  if (!v) return;
  state.defaults = v;
  state.defaultsName = file.name;
  $("clear-defaults").hidden = false;
  drawForm();
  status("已载入县级默认值：" + file.name + "（没有填写的字段取其中的值）");
  schedule();
}

function saveAnswers() {
  const out = Object.assign({ "$template": state.kind }, state.answers);
  const name = (typeof state.answers["乡镇名称"] === "string" && state.answers["乡镇名称"] ? state.answers["乡镇名称"] : "答案") + ".json";
  saveBlob(new Blob([JSON.stringify(out, null, 2) + "\n"], { type: "application/json" }), name);
  status("已保存答案：" + name);
}

async function chooseKind(id, answers) {
  state.kind = id;
  const r = await fetch("/api/kinds/" + encodeURIComponent(id) + "/questionnaire", { credentials: "same-origin" });
  state.q = await r.json();
  state.answers = answers || {};
  drawForm();
  schedule();
}

// ---- batch ---------------------------------------------------------------------------------

async function batch() {
  const chosen = Array.from($("batch-files").files);
  if (!chosen.length) { $("batch-result").textContent = "请先选择 zip 压缩包或答案文件。"; return; }
  let upload, query = "", note = "";
  if (chosen.length === 1 && /\.zip$/i.test(chosen[0].name)) {
    upload = chosen[0];
    if (state.defaults) note = "（压缩包批量没有使用已载入的县级默认值：需要时请选择多个答案文件，或把默认值文件放进压缩包、在接口中用 ?defaults=文件名）\n";
  } else if (chosen.every((f) => /\.json$/i.test(f.name))) {
    const files = await Promise.all(chosen.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    if (state.defaults) {
      // The loaded county defaults travel as one more entry, named in ?defaults=.
      let name = state.defaultsName || "县级默认值.json";
      while (files.some((f) => f.name === name)) name = "县级默认值-" + name;
      files.push({ name, bytes: new TextEncoder().encode(JSON.stringify(state.defaults)) });
      query = "?defaults=" + encodeURIComponent(name);
    }
    upload = zipOf(files);
  } else { $("batch-result").textContent = "请选择一个 zip 压缩包，或若干 .json 答案文件（不要混选）。"; return; }
  $("batch-result").textContent = "正在批量生成……";
  const r = await fetch("/api/kinds/" + encodeURIComponent(state.kind) + "/batch" + query, {
    method: "POST", headers: { "Content-Type": "application/zip" }, body: upload, credentials: "same-origin",
  });
  if (!r.ok) {
    const data = await r.json().catch(() => ({ error: "批量生成失败" }));
    $("batch-result").textContent = data.error + (data.diagnostics || []).map((d) => "\n" + (d.file ? d.file + "：" : "") + (d.path ? d.path + "：" : "") + d.message).join("");
    return;
  }
  const buffer = await r.arrayBuffer();
  $("batch-result").textContent = note + firstEntryText(buffer);
  saveBlob(new Blob([buffer], { type: "application/zip" }), fileNameOf(r, "批量生成的报告.zip"));
}

// ---- start ---------------------------------------------------------------------------------

async function start() {
  const r = await fetch("/api/kinds", { credentials: "same-origin" });
  if (!r.ok) { $("summary").textContent = (await r.json()).error; return; }
  state.kinds = await r.json();
  for (const k of state.kinds) $("kind").append(el("option", { value: k.id, text: k.name }));
  $("kind").addEventListener("change", () => chooseKind($("kind").value));
  $("render").addEventListener("click", render);
  $("save").addEventListener("click", saveAnswers);
  $("load").addEventListener("change", (e) => { if (e.target.files[0]) loadAnswers(e.target.files[0]); e.target.value = ""; });
  $("load-defaults").addEventListener("change", (e) => { if (e.target.files[0]) loadDefaults(e.target.files[0]); e.target.value = ""; });
  $("clear-defaults").addEventListener("click", () => {
    state.defaults = null; $("clear-defaults").hidden = true; drawForm(); status("不再使用县级默认值"); schedule();
  });
  $("batch-run").addEventListener("click", batch);
  $("batch-files").addEventListener("change", (e) => {
    const names = Array.from(e.target.files).map((f) => f.name);
    $("batch-chosen").textContent = names.length ? "已选择 " + names.length + " 个文件：" + names.slice(0, 5).join("、") + (names.length > 5 ? "……" : "") : "还没有选择文件";
  });
  await chooseKind(state.kinds[0].id);
}

start();
