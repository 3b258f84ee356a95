/* The browser's summary reader, part 4 of 4: the report (lstm_explained/summary.py) and the page.
 *
 * With summary_formats.js, summary_formats_keras.js and summary_readings.js, a second
 * implementation of lstm_explained's summary reader, kept honest by tests/browser/test_summary.py,
 * which runs one corpus of summaries through both and compares the text and the JSON. The page
 * shows the same report as HTML: a card per row, its readings as a table, each linked to the
 * calculator with its sizes filled in.
 */
(function () {
  "use strict";

  const { parseSummaries, explainRows, describe, plural } = window.lstmSummary;
  const { grouped } = window.lstmExplainedCore;
  const { UNBUILT_ADVICE } = window.lstmExplainedData.SUMMARY;
  const { KINDS } = window.lstmExplainedData;

  // -- The report (ModelReport and SummaryReport) ---------------------------------------------------
  function modelReport(summary) {
    const layers = explainRows(summary);
    const rowsTotal = layers.reduce((sum, layer) => sum + layer.params, 0);
    const total = summary.total_params;
    const optimizer = summary.optimizer_params;
    const difference = total === null ? null : total - rowsTotal;
    const reconciled = total === null ? null : difference === 0 || difference === optimizer;
    let note;
    if (!layers.some((layer) => layer.built)) {
      note = `The model is not built yet, so Keras counted no parameters: ${UNBUILT_ADVICE}.`;
    } else if (total === null) {
      note = `The rows add up to ${grouped(rowsTotal)} parameters (the summary's Total params line was not pasted).`;
    } else if (rowsTotal === total) {
      note = `The rows add up to ${grouped(rowsTotal)} = Total params.`;
    } else if (optimizer !== null && difference === optimizer) {
      note = `The rows add up to ${grouped(rowsTotal)}; Total params ${grouped(total)} also counts ` +
        `${grouped(optimizer)} optimizer variables (the Optimizer params line, printed after fit).`;
    } else if (rowsTotal < total) {
      note = `The rows add up to ${grouped(rowsTotal)}, ${grouped(difference)} less than Total params ${grouped(total)}: ` +
        "rows left out of the paste, or not read, are missing from the sum.";
    } else {
      note = `The rows add up to ${grouped(rowsTotal)}, ${grouped(-difference)} more than Total params ${grouped(total)}: ` +
        "a layer used twice (shared) is printed on each of its rows but counted once in the total.";
    }
    const unread = summary.unread_lines;
    if (unread.length) {
      const looks = unread.length === 1 ? "looks like a row" : "look like rows";
      note += ` ${plural(unread.length, "line")} that ${looks} could not be read: ${unread.map((line) => `'${line}'`).join("; ")}.`;
    }
    return {
      layers, layout: summary.layout, name: summary.model_name, totalsNote: note,
      json: {
        name: summary.model_name, layout: summary.layout, total_params: total,
        trainable_params: summary.trainable_params, non_trainable_params: summary.non_trainable_params,
        optimizer_params: optimizer, rows_total: rowsTotal, difference, reconciled,
        built: layers.every((layer) => layer.built), unread_lines: unread, totals_note: note,
      },
    };
  }

  function modelLines(model) {
    const lines = [`${plural(model.layers.length, "layer")} read from a ${model.layout}.`];
    for (const layer of model.layers) {
      lines.push("");
      lines.push(`${layer.name}${layer.type ? ` (${layer.type})` : ""}: output ${layer.output_shape}, ` +
                 `${grouped(layer.params)} parameters`);
      for (const note of layer.notes) lines.push(`  ${note}`);
      if (layer.candidates.length) {
        const verb = layer.candidates.length === 1 ? "reproduces" : "reproduce";
        lines.push(`  ${plural(layer.candidates.length, "reading")} ${verb} the count exactly:`);
        for (const reading of layer.candidates) lines.push(`    ${describe(reading)}`);
      }
    }
    lines.push("");
    lines.push(model.totalsNote);
    return lines;
  }

  function render(models) {
    if (models.length === 1) return modelLines(models[0]).join("\n");
    const lines = [`${models.length} models in one paste; each is added up against its own Total params.`];
    models.forEach((model, index) => {
      lines.push("");
      lines.push(`Model ${index + 1}${model.name ? ` "${model.name}"` : ""}:`);
      lines.push(...modelLines(model));
    });
    return lines.join("\n");
  }

  function reportOf(summaries) {
    const models = summaries.map(modelReport);
    const verdicts = models.map((model) => model.json.reconciled);
    const json = {
      layout: models[0].layout,
      reconciled: verdicts.includes(false) ? false : verdicts.includes(null) ? null : true,
      total_params: models.length === 1 ? models[0].json.total_params : null,
      layers: models.flatMap((model, index) => model.layers.map((layer) => ({
        name: layer.name, type: layer.type, output_shape: layer.output_shape, params: layer.params,
        recurrent: layer.recurrent, built: layer.built, candidates: layer.candidates, notes: layer.notes, model: index,
      }))),
      models: models.map((model) => model.json),
    };
    return { models, json };
  }

  /** Explain a pasted summary: {text, json} like str(report) and report.to_dict(); throws Error on non-summaries. */
  function explainSummary(text) {
    const summaries = parseSummaries(text);
    // PyTorch's rows have their own readings (torch_readings.js), as in lstm_explained/summary.py.
    if (summaries[0].family === "PyTorch") return window.lstmSummary.explainTorchRows(summaries[0]);
    const { models, json } = reportOf(summaries);
    return { text: render(models), json };
  }

  window.lstmExplainSummary = explainSummary;

  // -- The page: the report as HTML ------------------------------------------------------------------
  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "className") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  // The formula in two unbreakable halves, the count with thousands separators: "4 × (…)" "= 1,584".
  function formulaParts(formula) {
    const at = formula.lastIndexOf(" = ");
    return [element("span", {}, formula.slice(0, at)), " ",
            element("span", {}, `= ${formula.slice(at + 3)}`)];  // already grouped by the readings
  }

  // calculator.html with the reading's sizes filled in, for the kinds the calculator draws.
  function calculatorLink(reading) {
    if (!KINDS.includes(reading.kind)) return null;
    const query = new URLSearchParams({ kind: reading.kind, input_dim: reading.input_dim, units: reading.units });
    if (reading.reset_after !== null) query.set("reset_after", String(reading.reset_after));
    if (reading.bidirectional) query.set("bidirectional", "true");
    return `calculator.html?${query}`;
  }

  function readingsTable(layer) {
    const count = layer.candidates.length;
    const caption = `${plural(count, "reading")} ${count === 1 ? "reproduces" : "reproduce"} the count exactly`;
    const conv = layer.candidates.some((reading) => reading.kernel_size !== null);
    const table = element("table", { className: "summary-readings" },
      element("caption", {}, caption),
      element("thead", {}, element("tr", {},
        element("th", { scope: "col" }, layer.candidates.some(calculatorLink) ? "Layer (opens the calculator)" : "Layer"),
        element("th", { scope: "col" }, conv ? "Input channels" : "Input features"),
        element("th", { scope: "col" }, "Count"))));
    const body = element("tbody");
    for (const reading of layer.candidates) {
      const code = describe(reading).split(" on ")[0];
      const link = calculatorLink(reading);
      // The layer as code; where the calculator draws its kind, the code is the link to it.
      const layerCell = link
        ? element("a", { href: link, className: "summary-reading-code" }, code)
        : element("code", { className: "summary-reading-code" }, code);
      body.append(element("tr", {},
        element("td", {}, layerCell),
        element("td", { className: "summary-number", "data-label": conv ? "input channels" : "input features" },
          grouped(reading.input_dim)),
        element("td", { className: "summary-formula" }, ...formulaParts(reading.formula))));
    }
    table.append(body);
    return element("div", { className: "summary-table-scroll", tabindex: "0", role: "region", "aria-label": caption }, table);
  }

  function layerCard(layer) {
    const title = element("p", { className: "summary-card-title" }, element("code", {}, layer.name));
    if (layer.type) title.append(` (${layer.type})`);
    const facts = element("p", { className: "summary-card-facts" }, "output ", element("code", {}, layer.output_shape),
      `, ${plural(layer.params, "parameter").replace(/^\d+/, grouped(layer.params))}`);
    const card = element("article", { className: `summary-card${layer.recurrent ? " summary-card-recurrent" : ""}` }, title, facts);
    if (layer.notes.length) card.append(element("ul", { className: "summary-notes" }, ...layer.notes.map((note) => element("li", {}, note))));
    if (layer.candidates.length) card.append(readingsTable(layer));
    return card;
  }

  function renderHtml(container, models) {
    container.replaceChildren();
    if (models.length > 1) {
      container.append(element("p", { className: "summary-verdict" },
        `${models.length} models in one paste; each is added up against its own Total params.`));
    }
    models.forEach((model, index) => {
      const section = element("section", { className: "summary-model" });
      const heading = `${models.length > 1 ? `Model ${index + 1}${model.name ? ` "${model.name}"` : ""}: ` : ""}` +
        `${plural(model.layers.length, "layer")} read from a ${model.layout}.`;
      section.append(element("p", { className: "summary-layout" }, heading));
      for (const layer of model.layers) section.append(layerCard(layer));
      const verdict = model.json.reconciled === false ? " summary-verdict-off" : "";
      section.append(element("p", { className: `summary-verdict${verdict}` }, model.totalsNote));
      container.append(section);
    });
  }

  function init(root) {
    const input = root.querySelector("textarea");
    const output = root.querySelector(".summary-output");
    const error = root.querySelector(".summary-error");
    function update() {
      if (!input.value.trim()) {
        error.textContent = "";
        output.replaceChildren();
        output.hidden = true;
        input.setAttribute("aria-invalid", "false");
        return;
      }
      try {
        const summaries = parseSummaries(input.value);
        if (summaries[0].family === "PyTorch") {
          // A PyTorch printout's report is its text (torch_readings.js), shown as printed.
          const { text } = window.lstmSummary.explainTorchRows(summaries[0]);
          output.replaceChildren(element("pre", { className: "summary-torch" }, text));
        } else {
          renderHtml(output, reportOf(summaries).models);
        }
        output.hidden = false;
        error.textContent = "";
        input.setAttribute("aria-invalid", "false");
      } catch (problem) {
        output.replaceChildren();
        output.hidden = true;
        error.textContent = problem.message;
        input.setAttribute("aria-invalid", "true");
      }
    }
    input.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".summary-explainer").forEach(init);
  });
})();
