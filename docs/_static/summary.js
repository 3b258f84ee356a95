/* The browser's summary reader, part 4 of 4: the report and the page (lstm_explained/summary.py).
 *
 * With summary_formats.js, summary_formats_keras.js and summary_readings.js, a second
 * implementation of lstm_explained's summary reader, kept honest by tests/browser/test_summary.py,
 * which runs one corpus of summaries through both and compares the text and the JSON.
 */
(function () {
  "use strict";

  const { parseSummaries, explainRows, describe, grouped } = window.lstmSummary;
  const plural = (number, word) => (number === 1 ? `${number} ${word}` : `${number} ${word}s`);

  function totalsNote(summary, layers) {
    const rowsTotal = layers.reduce((sum, layer) => sum + layer.params, 0);
    const total = summary.total_params;
    if (total === null) return `The rows add up to ${grouped(rowsTotal)} parameters (the summary's Total params line was not pasted).`;
    if (rowsTotal === total) return `The rows add up to ${grouped(rowsTotal)} = Total params.`;
    const optimizer = summary.optimizer_params;
    if (optimizer !== null && rowsTotal + optimizer === total) {
      return `The rows add up to ${grouped(rowsTotal)}; Total params ${grouped(total)} also counts ` +
        `${grouped(optimizer)} optimizer variables (the Optimizer params line, printed after fit).`;
    }
    return `The rows add up to ${grouped(rowsTotal)}, but Total params is ${grouped(total)} ` +
      `(a difference of ${grouped(total - rowsTotal)}): a layer used twice is counted once in the total, ` +
      "and rows left out of the paste are missing from the sum.";
  }

  function render(report) {
    const lines = [`${plural(report.layers.length, "layer")} read from a ${report.layout}.`];
    for (const layer of report.layers) {
      lines.push("");
      lines.push(`${layer.name}${layer.type ? ` (${layer.type})` : ""}: output ${layer.output_shape}, ` +
                 `${grouped(layer.params)} parameters`);
      for (const note of layer.notes) lines.push(`  ${note}`);
      if (layer.candidates.length) {
        const verb = layer.candidates.length === 1 ? "reproduces" : "reproduce";
        lines.push(`  ${plural(layer.candidates.length, "reading")} ${verb} the count exactly:`);
        for (const candidate of layer.candidates) lines.push(`    ${describe(candidate)}`);
      }
    }
    lines.push("");
    lines.push(report.totalsNote);
    return lines.join("\n");
  }

  /** Explain a pasted summary: {text, json} like str(report) and report.to_dict(); throws Error on non-summaries. */
  function explainSummary(text) {
    const [summary] = parseSummaries(text);
    // PyTorch's rows have their own readings (torch_readings.js), as in lstm_explained/summary.py.
    if (summary.family === "PyTorch") return window.lstmSummary.explainTorchRows(summary);
    const layers = explainRows(summary);
    const report = { layers, layout: summary.layout, totalsNote: totalsNote(summary, layers) };
    const json = {
      layers: layers.map(({ name, type, output_shape, params, recurrent, candidates }) =>
        ({ name, type, output_shape, params, recurrent,
           candidates: candidates.map((candidate) => ({ framework: "keras", ...candidate })) })),
      total_params: summary.total_params,
    };
    return { text: render(report), json };
  }

  window.lstmExplainSummary = explainSummary;

  // -- The page ----------------------------------------------------------------------------------
  function init(root) {
    const input = root.querySelector("textarea");
    const output = root.querySelector(".summary-output");
    const error = root.querySelector(".summary-error");
    function update() {
      if (!input.value.trim()) {
        error.textContent = "";
        output.textContent = "";
        output.hidden = true;
        input.setAttribute("aria-invalid", "false");
        return;
      }
      try {
        output.textContent = explainSummary(input.value).text;
        output.hidden = false;
        error.textContent = "";
        input.setAttribute("aria-invalid", "false");
      } catch (problem) {
        output.textContent = "";
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
