/* What the site's browser code shares: sizes typed by a reader, numbers as text, the formulas.
 *
 * window.lstmExplainedCore, read by calculator.js and diagram.js. The facts (gate orders, bias
 * rows, limits) come from window.lstmExplainedData, which the build writes from the package
 * (docs/_ext/browser_data.py), so this file holds logic only. Each function is a port of the
 * package function named in its comment; tests/browser checks them against the package.
 */
(function () {
  "use strict";

  const { GATE_ORDER, GATES, BIAS_ROWS, MAX_SIZE } = window.lstmExplainedData;

  // A shape as Python prints a tuple: (8,) for one axis. (lstm_explained.diagram.shape_text)
  function shapeText(dims) {
    return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
  }

  // A count with thousands separators above 9,999, plain below. (lstm_explained.formulas.grouped)
  function grouped(number) {
    return number > 9999 ? number.toLocaleString("en-US") : String(number);
  }

  // A size typed into a field: {value} when it is a whole number from 1 to MAX_SIZE, else {error}.
  // (the command line's size_argument, in words for a form)
  function parseSize(text) {
    const trimmed = text.trim();
    if (trimmed === "") return { error: "Enter a whole number of at least 1." };
    if (/^[+-]?\d*\.\d+$/.test(trimmed)) return { error: "Must be a whole number, like 4." };
    // 1e9, 1,000 or 4x: a size is typed with digits alone.
    if (!/^[+-]?\d+$/.test(trimmed)) return { error: "Digits only, like 4." };
    const value = Number(trimmed);
    if (value < 1) return { error: "Must be at least 1." };
    if (value > MAX_SIZE) return { error: `Too large: at most ${grouped(MAX_SIZE)}.` };
    return { value };
  }

  // Bias vectors of gates·units: 0, 1 or 2. (lstm_explained.formulas.bias_rows)
  function biasRows(kind, useBias = true, resetAfter = true) {
    return useBias ? BIAS_ROWS[kind][String(resetAfter)] : 0;
  }

  // [gate, start, stop] of each gate's columns in Keras' layout. (lstm_explained.gates.gate_columns)
  function gateColumns(kind, units) {
    return GATE_ORDER[kind].map((gate, k) => [gate, k * units, (k + 1) * units]);
  }

  // {kernel, recurrent_kernel, bias} as arrays of dims; no bias without use_bias. (weight_shapes)
  function weightShapes(kind, inputDim, units, useBias = true, resetAfter = true) {
    const width = GATES[kind] * units;
    const shapes = { kernel: [inputDim, width], recurrent_kernel: [units, width] };
    const rows = biasRows(kind, useBias, resetAfter);
    if (rows === 1) shapes.bias = [width];
    if (rows === 2) shapes.bias = [2, width];
    return shapes;
  }

  // Trainable parameters of one direction. (lstm_explained.count_params)
  function countParams(kind, inputDim, units, useBias = true, resetAfter = true) {
    return GATES[kind] * units * (inputDim + units + biasRows(kind, useBias, resetAfter));
  }

  // The count with its numbers, e.g. "4 × (2·4 + 2·2 + 2) = 56". (lstm_explained.formulas.count_formula)
  function countFormula(gates, biasVectors, inputDim, units) {
    const total = gates * units * (inputDim + units + biasVectors);
    [inputDim, units] = [grouped(inputDim), grouped(units)];
    const bias = ["", ` + ${units}`][biasVectors] ?? ` + ${biasVectors}·${units}`;
    const numbers = `${units}·${inputDim} + ${units}·${units}${bias}`;
    const plugged = gates > 1 ? `${gates} × (${numbers})` : numbers;
    return `${plugged} = ${grouped(total)}`;
  }

  // A layer's count as a formula with its numbers, both directions with bidirectional.
  // (lstm_explained.param_formula)
  function paramFormula(kind, inputDim, units, { useBias = true, resetAfter = true, bidirectional = false } = {}) {
    const formula = countFormula(GATES[kind], biasRows(kind, useBias, resetAfter), inputDim, units);
    if (!bidirectional) return formula;
    const at = formula.lastIndexOf(" = ");
    const expression = GATES[kind] === 1 ? `(${formula.slice(0, at)})` : formula.slice(0, at);
    return `2 × ${expression} = ${grouped(2 * Number(formula.slice(at + 3).replaceAll(",", "")))}`;
  }

  window.lstmExplainedCore = {
    shapeText, grouped, parseSize, biasRows, gateColumns, weightShapes, countParams, countFormula, paramFormula,
  };
})();
