// "Draw a digit": the counts and the network's answer, neuron by neuron, while the pupil draws.
"use strict";

(function () {
  const words = WORDS.draw;
  let latest = null; // the last answer of /api/digit for the drawing on screen
  let asking = false, askAgain = false;

  const view = new GridView(document.getElementById("pad"), { editable: true, onChange: () => ask() });

  const labelSelect = document.getElementById("label");
  for (const neuron of ACTIVITY.outputs) labelSelect.append(el("option", { value: neuron.digit, text: neuron.digit }));

  function showInk() {
    document.getElementById("ink-text").textContent = view.text();
  }

  // One request at a time: strokes that arrive meanwhile are sent together when it returns.
  async function ask() {
    showInk();
    if (asking) {
      askAgain = true;
      return;
    }
    if (view.inkedCount() === 0) {
      show(null);
      return;
    }
    asking = true;
    try {
      const form = withLang(new FormData());
      form.set("text", view.text());
      const response = await post("/api/digit", form);
      show(await response.json());
      showError("");
    } catch (error) {
      showError(error.message);
    } finally {
      asking = false;
      if (askAgain) {
        askAgain = false;
        ask();
      }
    }
  }

  function show(answer) {
    latest = answer;
    document.getElementById("add").disabled = !answer;
    const counts = document.querySelector("#counts tbody");
    const hidden = document.querySelector("#hidden tbody");
    const outputs = document.querySelector("#outputs tbody");
    const verdict = document.getElementById("answer");
    counts.replaceChildren();
    hidden.replaceChildren();
    outputs.replaceChildren();
    // One column per emoji, as on the calculation sheets: its picture, then its count.
    counts.append(el("tr", {}, ACTIVITY.emoji.map((emoji) =>
      el("th", { scope: "col", title: emoji.name }, [emojiImage(emoji, 34)]))));
    counts.append(el("tr", {}, ACTIVITY.emoji.map((emoji) =>
      el("td", { "data-emoji": emoji.char, text: answer ? answer.counts[emoji.char] : 0 }))));
    const total = view.inkedCount();
    document.getElementById("ink-summary").textContent = answer
      ? ACTIVITY.emoji.map((e) => `${e.name} ${answer.counts[e.char]}`).join(", ") + ". " + answerText(answer.answer)
      : "";
    if (!answer) {
      verdict.textContent = total ? "…" : words.nothing_yet;
      verdict.removeAttribute("data-kind");
      return;
    }
    for (const step of answer.hidden) {
      hidden.append(row(step.neuron, step));
    }
    for (const step of answer.outputs) {
      const neuron = ACTIVITY.outputs.find((n) => n.neuron === step.neuron);
      const line = row(neuron ? neuron.label : step.neuron, step, outputVerdict(step));
      if (step.output > 0) line.classList.add("fires");
      outputs.append(line);
    }
    verdict.textContent = answerText(answer.answer);
    verdict.dataset.kind = answer.answer.kind;
    verdict.dataset.digits = answer.answer.digits.join(",");
  }

  function row(name, step, note) {
    const output = el("td", { text: showNumber(step.output) });
    if (note) output.append(el("span", { class: "note", text: " · " + note }));
    return el("tr", { "data-neuron": step.neuron }, [
      el("th", { scope: "row", text: name }),
      el("td", { class: "result", text: showNumber(step.result) }),
      output,
    ]);
  }

  // --- my exercises ----------------------------------------------------------------

  function nextId(list) {
    const base = words.id_prefix;
    let n = list.length + 1;
    while (list.some((e) => e.id === `${base}-${String(n).padStart(2, "0")}`)) n++;
    return `${base}-${String(n).padStart(2, "0")}`;
  }

  function showList() {
    const list = loadDrawn();
    const box = document.getElementById("mine");
    box.replaceChildren();
    for (const exercise of list) {
      const remove = el("button", { type: "button", class: "small", text: "×", "aria-label": say(words.remove, { id: exercise.id }) });
      remove.addEventListener("click", () => {
        saveDrawn(loadDrawn().filter((e) => e.id !== exercise.id));
        showList();
      });
      const label = exercise.label === null ? "?" : exercise.label;
      box.append(el("li", {}, [el("span", { text: `${exercise.id} · ${label} · ${answerText(exercise.answer)}` }), " ", remove]));
    }
    document.getElementById("mine-empty").hidden = list.length > 0;
    document.getElementById("download-list").disabled = list.length === 0;
  }

  document.getElementById("add").addEventListener("click", () => {
    if (!latest) return;
    const list = loadDrawn();
    const label = labelSelect.value === "" ? null : Number(labelSelect.value);
    const id = nextId(list);
    list.push({ id, label, ink: latest.ink, counts: latest.counts, hidden: latest.hidden, outputs: latest.outputs, answer: latest.answer });
    saveDrawn(list);
    showList();
    showStatus(say(words.added, { id }));
  });

  document.getElementById("download-list").addEventListener("click", () => {
    const list = loadDrawn();
    if (list.length) download(exercisesFile(list), words.file_name);
  });

  document.getElementById("clear").addEventListener("click", () => view.clear());

  document.getElementById("photo-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = document.getElementById("photo").files[0];
    if (!file) return;
    const form = withLang(new FormData());
    form.set("image", file);
    showStatus(words.reading);
    try {
      const answer = await (await post("/api/digit", form)).json();
      view.setInk(answer.ink);
      showInk();
      show(answer);
      showError("");
      showStatus("");
    } catch (error) {
      showStatus("");
      showError(error.message);
    }
  });

  show(null);
  showInk();
  showList();
})();
