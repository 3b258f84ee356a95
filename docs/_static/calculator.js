/* The shape and parameter calculator (docs/calculator.md). Runs in the browser, offline.
 *
 * It shows the package's formulas (lstm_explained.formulas) through their ports in core.js, with
 * the facts the build writes from the package (lstm-explained-data.js); it is kept honest by
 * tests/browser/test_calculator.py, which compares every shown value with the package.
 */
(function () {
  "use strict";

  const { shapeText, grouped, parseSize, weightShapes, gateColumns, countParams, paramFormula } = window.lstmExplainedCore;

  function layout(kind, inputDim, units, useBias, resetAfter) {
    const shapes = weightShapes(kind, inputDim, units, useBias, resetAfter);
    const arrays = Object.entries(shapes).map(([name, shape]) => ({ name, shape }));
    const blocks = gateColumns(kind, units).map(([gate, start, stop]) => `${gate} ${start}:${stop}`);
    const count = countParams(kind, inputDim, units, useBias, resetAfter);
    const formula = paramFormula(kind, inputDim, units, { useBias, resetAfter });
    return { arrays, blocks, count, formula };
  }

  function drawCell(container, kind, sizes, useBias, resetAfter) {
    // The same picture the pages show, from the port of lstm_explained.cell_diagram_svg.
    container.innerHTML = window.lstmExplainedDiagram.cellDiagramSvg(kind, sizes.input_dim, sizes.units, {
      useBias,
      resetAfter: kind === "gru" ? resetAfter : true,
    });
  }

  // The fields a link may fill, e.g. calculator.html?kind=gru&input_dim=14&units=16&reset_after=false
  // (the summary explainer links each reading so). A value the form cannot hold is left out: the
  // field keeps its default, and a size the form refuses shows its usual message.
  function fillFromUrl(field, query) {
    const kind = query.get("kind");
    if (kind !== null && [...field("kind").options].some((option) => option.value === kind)) field("kind").value = kind;
    for (const name of ["input_dim", "units"]) {
      if (query.get(name) !== null) field(name).value = query.get(name);
    }
    for (const name of ["use_bias", "reset_after", "bidirectional"]) {
      const value = query.get(name);
      if (value === "true" || value === "false") field(name).checked = value === "true";
    }
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
        out(`${name}-shape`).textContent = array ? shapeText(array.shape) : "none (use_bias off)";
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
    fillFromUrl(field, new URLSearchParams(window.location.search));
    update();
  }

  document.querySelectorAll(".lstm-calculator").forEach(init);
})();
