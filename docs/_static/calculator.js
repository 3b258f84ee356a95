/* The shape and parameter calculator (docs/calculator.md). Runs in the browser, offline.
 *
 * It is a second implementation of lstm_explained.formulas, kept honest by
 * tests/browser/test_calculator.py, which compares every shown value with the package.
 */
(function () {
  "use strict";

  const GATES = { lstm: ["i", "f", "c", "o"], gru: ["z", "r", "h"], simple_rnn: ["h"] };
  const MAX_SIZE = 100000; // beyond this a layer would not fit in memory; say so instead of computing

  function tuple(dims) {
    // Python's notation, as everywhere else on the site: (8,) for one axis.
    return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
  }

  // Counts above 9,999 get thousands separators, as in the package's text (lstm_explained.formulas).
  function grouped(number) {
    return number > 9999 ? number.toLocaleString("en") : String(number);
  }

  function parseSize(text) {
    const trimmed = text.trim();
    if (trimmed === "") return { error: "Enter a whole number of at least 1." };
    if (/^[+-]?\d*\.\d+$/.test(trimmed)) return { error: "Must be a whole number, like 4." };
    // 1e9, 1,000 or 4x: a size is written with digits alone.
    if (!/^[+-]?\d+$/.test(trimmed)) return { error: "Digits only, like 4." };
    const value = Number(trimmed);
    if (value < 1) return { error: "Must be at least 1." };
    if (value > MAX_SIZE) return { error: `Too large: at most ${MAX_SIZE.toLocaleString("en")}.` };
    return { value };
  }

  function layout(kind, inputDim, units, useBias, resetAfter) {
    const gates = GATES[kind];
    const width = gates.length * units;
    const biasRows = !useBias ? 0 : kind === "gru" && resetAfter ? 2 : 1;
    const arrays = [
      { name: "kernel", shape: [inputDim, width] },
      { name: "recurrent_kernel", shape: [units, width] },
    ];
    if (biasRows === 1) arrays.push({ name: "bias", shape: [width] });
    if (biasRows === 2) arrays.push({ name: "bias", shape: [2, width] });
    const blocks = gates.map((gate, k) => `${gate} ${k * units}:${(k + 1) * units}`);
    const [u, d] = [grouped(units), grouped(inputDim)];
    const biasTerm = ["", ` + ${u}`, ` + 2·${u}`][biasRows];
    const inner = `${u}·${d} + ${u}·${u}${biasTerm}`;
    const count = gates.length * units * (inputDim + units + biasRows);
    const formula = `${gates.length > 1 ? `${gates.length} × (${inner})` : inner} = ${grouped(count)}`;
    return { gates, arrays, blocks, count, formula };
  }

  function drawCell(container, kind, sizes, useBias, resetAfter) {
    // The same picture the pages show, from the port of lstm_explained.cell_diagram_svg.
    container.innerHTML = window.lstmExplainedDiagram.cellDiagramSvg(kind, sizes.input_dim, sizes.units, {
      useBias,
      resetAfter: kind === "gru" ? resetAfter : true,
    });
  }

  function init(root) {
    const field = (name) => root.querySelector(`[name="${name}"]`);
    const out = (name) => root.querySelector(`[data-out="${name}"]`);
    const inputs = ["kind", "input_dim", "units", "use_bias", "reset_after", "bidirectional"].map(field);

    function update() {
      const kind = field("kind").value;
      const resetAfter = field("reset_after");
      resetAfter.disabled = kind !== "gru";
      root.querySelector(".calc-reset-note").textContent =
        kind !== "gru" ? "GRU only" : resetAfter.checked
          ? "the reset gate acts after the recurrent product: two bias rows (Keras' default)"
          : "the reset gate acts before the recurrent product: one bias row (the original GRU)";

      const sizes = {};
      let valid = true;
      for (const name of ["input_dim", "units"]) {
        const parsed = parseSize(field(name).value);
        const message = root.querySelector(`[data-error="${name}"]`);
        message.textContent = parsed.error || "";
        field(name).setAttribute("aria-invalid", parsed.error ? "true" : "false");
        if (parsed.error) valid = false;
        sizes[name] = parsed.value;
      }
      // A bad field keeps the last good result in place, dimmed, so nothing below it moves.
      const result = root.querySelector(".calc-result");
      result.classList.toggle("calc-stale", !valid);
      if (!valid) return;

      const useBias = field("use_bias").checked;
      const directions = field("bidirectional").checked ? 2 : 1;
      const layer = layout(kind, sizes.input_dim, sizes.units, useBias, resetAfter.checked);
      for (const name of ["kernel", "recurrent_kernel", "bias"]) {
        const array = layer.arrays.find((a) => a.name === name);
        out(`${name}-shape`).textContent = array ? tuple(array.shape) : "none (use_bias off)";
        // Each gate's block is one unbreakable pair ("f 64:128"); lines break only between pairs.
        out(`${name}-blocks`).replaceChildren(
          ...(array ? layer.blocks : []).flatMap((block, k) => {
            const pair = document.createElement("span");
            pair.className = "calc-pair";
            pair.textContent = block;
            return k === 0 ? [pair] : [", ", pair];
          })
        );
      }
      out("formula").textContent = layer.formula;
      root.querySelector(".calc-formula-label").textContent =
        directions === 2 ? "Parameters per direction" : "Parameters";
      out("directions").textContent = directions === 2 ? `× 2 directions = ${grouped(2 * layer.count)}` : "";
      out("total").textContent = grouped(directions * layer.count);
      drawCell(root.querySelector(".calc-diagram-svg"), kind, sizes, useBias, resetAfter.checked);
      root.querySelector(".calc-bidirectional-note").hidden = directions === 1;
    }

    inputs.forEach((input) => input.addEventListener("input", update));
    inputs.forEach((input) => input.addEventListener("change", update));
    update();
  }

  document.querySelectorAll(".lstm-calculator").forEach(init);
})();
