// "Make a kit": previews of each document's first page, and the kit as a zip.
"use strict";

(function () {
  const words = WORDS.kit;
  const form = document.getElementById("kit-form");
  const useDrawn = document.getElementById("use-drawn");
  const drawn = loadDrawn();

  document.getElementById("lang").value = PAGE.lang;
  if (drawn.length) {
    document.getElementById("use-drawn-text").textContent = say(words.use_drawn, { count: drawn.length });
    useDrawn.checked = new URLSearchParams(location.search).get("drawn") === "1";
  } else {
    useDrawn.disabled = true;
  }

  function formData() {
    const data = new FormData(form);
    const chosen = document.getElementById("exercises_from").files.length > 0;
    if (useDrawn.checked && drawn.length && !chosen) {
      data.set("exercises_from", exercisesFile(drawn), WORDS.draw.file_name);
    }
    return data;
  }

  function busy(on) {
    form.querySelectorAll("button").forEach((b) => (b.disabled = on));
    form.setAttribute("aria-busy", on ? "true" : "false");
    if (on) {
      showError("");
      showStatus(words.working);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    busy(true);
    try {
      const answer = await (await post("/api/preview?lang=" + PAGE.lang, formData())).json();
      const list = document.getElementById("previews");
      list.replaceChildren();
      let pages = 0;
      for (const file of answer.files) {
        if (!file.png) continue;
        pages += file.pages;
        list.append(el("li", {}, [
          el("figure", {}, [
            el("img", { src: "data:image/png;base64," + file.png, alt: say(words.preview_alt, { name: file.name }), loading: "lazy" }),
            el("figcaption", {}, [el("strong", { text: file.name }), " · " + say(words.pages_count, { pages: file.pages })]),
          ]),
        ]));
      }
      document.getElementById("previews-section").hidden = false;
      showStatus(say(words.ready, { files: answer.files.length, pages }));
    } catch (error) {
      showStatus("");
      showError(error.message);
    } finally {
      busy(false);
    }
  });

  document.getElementById("download").addEventListener("click", async () => {
    busy(true);
    try {
      const response = await post("/api/kit?lang=" + PAGE.lang, formData());
      const name = (response.headers.get("content-disposition") || "").match(/filename="([^"]+)"/);
      const file = name ? name[1] : "neurones-kit.zip";
      download(await response.blob(), file);
      showStatus(say(words.downloaded, { name: file }));
    } catch (error) {
      showStatus("");
      showError(error.message);
    } finally {
      busy(false);
    }
  });
})();
