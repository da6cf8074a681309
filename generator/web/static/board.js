// "Projector board": one exercise, step by step like the slides; the numbers the class calls out
// are typed into the cells and checked against the key, with what to check when one is wrong.
"use strict";

(function () {
  const words = WORDS.board;
  const pick = document.getElementById("pick");
  let exercises = [];
  let exercise = null;
  let steps = [];
  let current = 0;
  let typed = {};

  const emojiByChar = Object.fromEntries(ACTIVITY.emoji.map((e) => [e.char, e]));
  const outputByName = Object.fromEntries(ACTIVITY.outputs.map((n) => [n.neuron, n]));

  // "−😇 + 🚀 + 🍕" and "−6 + 4 + 9": the neuron's calculation, with names and with the values it gets.
  function formula(terms, values) {
    const term = (weight, what, first) => {
      const factor = Math.abs(weight) === 1 ? "" : showNumber(Math.abs(weight)) + " \u00d7 ";
      if (first) return (weight < 0 ? "\u2212" : "") + factor + what;
      return (weight < 0 ? " \u2212 " : " + ") + factor + what;
    };
    const entries = terms;
    return {
      names: entries.map(([name, w], i) => term(w, name, i === 0)).join(""),
      numbers: entries.map(([name, w], i) => term(w, showNumber(values[name]), i === 0)).join(""),
    };
  }

  function hiddenOutputs() {
    return Object.fromEntries(exercise.hidden.map((s) => [s.neuron, s.output]));
  }

  function buildSteps() {
    steps = [{ kind: "counts" }];
    exercise.hidden.forEach((step, i) => steps.push({ kind: "hidden", step, neuron: ACTIVITY.hidden[i] }));
    steps.push({ kind: "sent" });
    exercise.outputs.forEach((step, i) => steps.push({ kind: "output", step, neuron: ACTIVITY.outputs[i] }));
    steps.push({ kind: "verdict" });
  }

  // A cell the teacher types into; `right` is the key's value, `hint` says what to check when it is not.
  function cell(id, label, right, hint) {
    const input = el("input", { id: "cell-" + id, type: "text", inputmode: "decimal", autocomplete: "off", class: "cell", "aria-label": label });
    input.dataset.cell = id;
    if (typed[id] !== undefined) input.value = typed[id];
    const check = () => {
      typed[id] = input.value;
      if (input.value.trim() === "") {
        input.classList.remove("wrong", "right");
        input.removeAttribute("aria-invalid");
        return;
      }
      const value = readNumber(input.value);
      const wrong = value === null || Math.abs(value - right) > 1e-9;
      input.classList.toggle("wrong", wrong);
      input.classList.toggle("right", !wrong);
      input.setAttribute("aria-invalid", wrong ? "true" : "false");
      feedback(value === null ? say(words.not_number, { cell: label, typed: input.value.trim() }) : wrong ? hint(value) : words.right, wrong);
    };
    input.addEventListener("change", check);
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      check();
      const inputs = [...document.querySelectorAll("#step-body input.cell")];
      const next = inputs[inputs.indexOf(input) + 1];
      if (next) next.focus();
    });
    if (input.value) setTimeout(check, 0);
    return input;
  }

  function feedback(text, wrong) {
    const box = document.getElementById("feedback");
    box.replaceChildren(...richText(text || "", 28));
    box.classList.toggle("wrong", !!wrong);
  }

  function typedCount(char) {
    const value = typed["count-" + char];
    return value === undefined ? null : readNumber(value);
  }

  function countsStep(body) {
    const side = el("div", { class: "side-by-side" });
    body.append(side);
    body = side;
    if (exercise.ink) {
      const canvas = el("canvas", { class: "board-grid", role: "img", "aria-label": words.counts_title });
      body.append(el("div", { class: "canvas-box small" }, [canvas]));
      requestAnimationFrame(() => new GridView(canvas).setInk(exercise.ink));
    }
    const rows = ACTIVITY.emoji.map((emoji) => {
      const right = exercise.counts[emoji.char];
      const label = say(words.count_of, { emoji: emoji.char });
      const input = cell("count-" + emoji.char, label, right, (value) =>
        say(words.wrong_count, { cell: emoji.char, typed: showNumber(value), right: showNumber(right), emoji: emoji.char }));
      return el("tr", {}, [el("th", { scope: "row" }, [emojiImage(emoji, 40), " ", emoji.name]), el("td", {}, [input])]);
    });
    body.append(el("table", { class: "board-table" }, [el("tbody", {}, rows)]));
  }

  function neuronStep(body, item, values, isOutput) {
    const { step, neuron } = item;
    const shown = formula(neuron.terms, values);
    const name = isOutput ? neuron.label : step.neuron;
    body.append(el("p", { class: "formula" }, richText(shown.names, 48)));
    body.append(el("p", { class: "formula numbers", text: "= " + shown.numbers }));
    body.append(el("p", { class: "threshold", text: say(words.threshold, { threshold: showNumber(neuron.threshold) }) }));
    const resultHint = (value) => {
      if (!isOutput) {
        const recount = neuron.terms.map(([char]) => char).find((char) => {
          const count = typedCount(char);
          return count !== null && count !== exercise.counts[char];
        });
        if (recount) return say(words.wrong_count, { cell: name, typed: showNumber(value), right: showNumber(step.result), emoji: recount });
      }
      return say(words.wrong_result, { cell: name, typed: showNumber(value), right: showNumber(step.result), formula: `${shown.names} = ${shown.numbers}` });
    };
    const outputHint = (value) => say(words.wrong_output, { cell: say(words.output_of, { neuron: name }), typed: showNumber(value),
      right: showNumber(step.output), result: showNumber(step.result), threshold: showNumber(neuron.threshold) });
    const result = cell("result-" + step.neuron, say(words.result_of, { neuron: name }), step.result, resultHint);
    const output = cell("output-" + step.neuron, say(words.output_of, { neuron: name }), step.output, outputHint);
    body.append(el("table", { class: "board-table" }, [el("tbody", {}, [
      el("tr", {}, [el("th", { scope: "row", text: words.result }), el("td", {}, [result])]),
      el("tr", {}, [el("th", { scope: "row", text: words.output }), el("td", {}, [output])]),
    ])]));
  }

  function sentStep(body) {
    const head = el("tr", {}, exercise.hidden.map((s) => el("th", { scope: "col", text: s.neuron })));
    const values = el("tr", {}, exercise.hidden.map((s) => el("td", { text: showNumber(s.output) })));
    body.append(el("table", { class: "board-table wide" }, [el("thead", {}, [head]), el("tbody", {}, [values])]));
  }

  function verdictStep(body) {
    const list = el("ul", { class: "verdicts" }, exercise.outputs.map((s) => {
      const neuron = outputByName[s.neuron];
      return el("li", { class: s.output > 0 ? "fires" : "" }, [el("strong", { text: (neuron ? neuron.label : s.neuron) + " \u2014 " }), outputVerdict(s)]);
    }));
    body.append(list);
    body.append(el("p", { class: "verdict", text: answerText(exercise.answer) }));
    if (exercise.label !== null && exercise.label !== undefined) {
      body.append(el("p", { text: say(WORDS.verdict.true_digit, { digit: exercise.label }) }));
    }
  }

  function show() {
    const body = document.getElementById("step-body");
    body.replaceChildren();
    feedback("");
    if (!exercise) {
      document.getElementById("step-title").textContent = words.no_exercise;
      document.getElementById("step-count").textContent = "";
      return;
    }
    const item = steps[current];
    const titles = {
      counts: () => words.counts_title,
      hidden: () => say(words.hidden_title, { neuron: item.step.neuron }),
      sent: () => words.sent_title,
      output: () => say(words.output_title, { label: item.neuron.label, digit: item.step.digit }),
      verdict: () => words.verdict_title,
    };
    document.getElementById("step-title").textContent = titles[item.kind]();
    document.getElementById("step-count").textContent = `${exercise.id} · ` + say(words.step, { n: current + 1, total: steps.length });
    if (item.kind === "counts") countsStep(body);
    if (item.kind === "hidden") neuronStep(body, item, exercise.counts, false);
    if (item.kind === "sent") sentStep(body);
    if (item.kind === "output") neuronStep(body, item, hiddenOutputs(), true);
    if (item.kind === "verdict") verdictStep(body);
    document.getElementById("prev").disabled = current === 0;
    document.getElementById("next").disabled = current === steps.length - 1;
  }

  function move(by) {
    if (!exercise) return;
    current = Math.min(steps.length - 1, Math.max(0, current + by));
    show();
  }

  function choose(index) {
    exercise = exercises[index] || null;
    typed = {};
    current = 0;
    if (exercise) buildSteps();
    show();
  }

  function useExercises(list, chosen = true) {
    if (chosen) document.getElementById("source").open = false; // the board gets the screen
    exercises = list;
    pick.replaceChildren(...list.map((e, i) => el("option", { value: i, text: e.label === null || e.label === undefined ? e.id : `${e.id} (${e.label})` })));
    choose(0);
  }

  document.getElementById("prev").addEventListener("click", () => move(-1));
  document.getElementById("next").addEventListener("click", () => move(1));
  pick.addEventListener("change", () => {
    document.getElementById("source").open = false;
    choose(Number(pick.value));
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.matches("input, select, textarea");
    if ((event.key === "ArrowRight" && !typing) || event.key === "PageDown") move(1);
    else if ((event.key === "ArrowLeft" && !typing) || event.key === "PageUp") move(-1);
    else return;
    event.preventDefault();
  });

  async function loadKit(chosen = true) {
    const form = new FormData(document.getElementById("kit-source"));
    const query = new URLSearchParams({ lang: PAGE.lang });
    for (const [name, value] of form) if (String(value).trim()) query.set(name, value);
    try {
      const response = await fetch("/api/kit-key?" + query);
      const document_ = await response.json();
      if (!response.ok) throw new Error(document_.message);
      showError("");
      useExercises(document_.exercises, chosen);
    } catch (error) {
      showError(error.message);
    }
  }

  document.getElementById("kit-source").addEventListener("submit", (event) => {
    event.preventDefault();
    loadKit();
  });

  document.getElementById("key-file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    try {
      const document_ = JSON.parse(await file.text());
      if (!Array.isArray(document_.exercises) || !document_.exercises.every((e) => e && e.counts && e.hidden && e.outputs && e.answer)) {
        throw new Error(words.not_a_key);
      }
      useExercises(document_.exercises);
      showError(document_.activity && document_.activity !== ACTIVITY.name ? say(words.other_activity, { name: document_.activity }) : "");
    } catch (error) {
      showError(error instanceof SyntaxError ? words.not_a_key : error.message);
    }
  });

  const drawnSelect = document.getElementById("drawn");
  const drawn = loadDrawn();
  drawn.forEach((e, i) => drawnSelect.append(el("option", { value: i, text: e.id })));
  drawnSelect.disabled = drawn.length === 0;
  drawnSelect.addEventListener("change", () => {
    if (drawnSelect.value !== "") useExercises([drawn[Number(drawnSelect.value)]]);
  });

  show();
  loadKit(false); // the default kit's exercises, ready before the lesson
})();
