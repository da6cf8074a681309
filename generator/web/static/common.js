// Shared by the three pages: the page's data, words with {placeholders}, calls to the API,
// the list of drawn exercises kept in this browser (localStorage).
"use strict";

const PAGE = JSON.parse(document.getElementById("page-data").textContent);
const WORDS = PAGE.words;
const ACTIVITY = PAGE.activity;
const STORE_KEY = "neurones.exercises.v1";

function say(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in (values || {}) ? String(values[name]) : whole));
}

// Numbers as on the printed pages: true minus sign, decimal comma in French.
function showNumber(value) {
  let text = String(Math.round(value * 100) / 100);
  text = text.replace(".", PAGE.decimal_mark);
  return text.replace("-", "\u2212");
}

function readNumber(text) {
  const clean = String(text).trim().replace(/\s/g, "").replace("\u2212", "-").replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(clean)) return null;
  return Number(clean);
}

function el(tag, attributes, children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children || []) node.append(child);
  return node;
}

function emojiImage(emoji, size) {
  return el("img", { src: `/emoji/${emoji.hex}.svg`, alt: emoji.name, width: size, height: size, class: "emoji" });
}

// Text with the activity's emoji drawn as pictures (a computer may lack an emoji font).
function richText(text, size) {
  const chars = ACTIVITY.emoji.map((e) => e.char).sort((a, b) => b.length - a.length);
  const parts = [];
  let rest = String(text);
  while (rest) {
    let at = -1, found = null;
    for (const char of chars) {
      const index = rest.indexOf(char);
      if (index >= 0 && (at < 0 || index < at)) [at, found] = [index, char];
    }
    if (found === null) {
      parts.push(rest);
      break;
    }
    if (at > 0) parts.push(rest.slice(0, at));
    parts.push(emojiImage(ACTIVITY.emoji.find((e) => e.char === found), size));
    rest = rest.slice(at + found.length);
  }
  return parts;
}

function showError(text) {
  const box = document.getElementById("error");
  if (!box) return;
  box.textContent = text || "";
  box.hidden = !text;
}

function showStatus(text) {
  const box = document.getElementById("status");
  if (box) box.textContent = text || "";
}

// POST to the API; resolves with the Response when it is 2xx, rejects with the server's message otherwise.
async function post(url, body) {
  const response = await fetch(url, { method: "POST", body });
  if (response.ok) return response;
  let message = response.statusText;
  try {
    message = (await response.json()).message;
  } catch (ignored) { /* not JSON: keep the status text */ }
  throw new Error(message);
}

function withLang(form) {
  if (!form.has("lang")) form.set("lang", PAGE.lang);
  return form;
}

// Drawn exercises kept in the browser: [{id, label, ink, counts, hidden, outputs, answer}].
function loadDrawn() {
  try {
    const list = JSON.parse(localStorage.getItem(STORE_KEY) || "[]");
    return Array.isArray(list) ? list : [];
  } catch (ignored) {
    return [];
  }
}

function saveDrawn(list) {
  localStorage.setItem(STORE_KEY, JSON.stringify(list));
}

// The exercises file `neurones digit --out` writes, so `--exercises-from` reads it too.
function exercisesFile(list) {
  const document = {
    format: "neurones-exercises",
    version: 1,
    grid: { rows: ACTIVITY.grid.rows, cols: ACTIVITY.grid.cols },
    exercises: list.map((e) => ({ id: e.id, label: e.label, source: "web", ink: e.ink, counts: e.counts })),
  };
  return new Blob([JSON.stringify(document, null, 2) + "\n"], { type: "application/json" });
}

function download(blob, name) {
  const link = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

// The verdict words of the printed key, for one output neuron and for the whole answer.
function outputVerdict(step) {
  return say(step.output > 0 ? WORDS.verdict.is_digit : WORDS.verdict.is_not_digit, { digit: step.digit });
}

function answerText(answer) {
  if (answer.kind === "digit") return say(WORDS.verdict.answer_digit, { digit: answer.digits[0] });
  if (answer.kind === "none") return WORDS.verdict.answer_none;
  const digits = answer.digits.slice(0, -1).join(", ") + WORDS.verdict.and + answer.digits[answer.digits.length - 1];
  return say(WORDS.verdict.answer_tie, { digits });
}

document.querySelectorAll(`[data-nav="${PAGE.page}"]`).forEach((link) => link.setAttribute("aria-current", "page"));
