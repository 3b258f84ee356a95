/* The LSTM and GRU forward pass in the browser: a port of lstm_explained/cells.py that also keeps
 * every gate's activation, for the page that lets a reader watch them (docs/watch.md).
 *
 * window.lstmExplained.forward(kind, weights, inputs), with weights {kernel, recurrent_kernel, bias}
 * as nested arrays in Keras' layout and inputs a list of time steps (each a list of input_dim
 * numbers), returns
 *   "lstm": {steps: [{i, f, g, o, c, h}, ...]}  (g is the candidate c̃)
 *   "gru":  {steps: [{z, r, hh, h}, ...]}       (hh is the candidate h̃; reset_after=True)
 * one entry per time step, each value an array of `units` numbers. It is a third implementation,
 * after Keras and the NumPy cells; tests/browser/test_watch.py compares it with real Keras.
 */
(function () {
  "use strict";

  // Keras' gate order along the last axis of every fused array, as the build wrote it from the
  // package (lstm-explained-data.js); shapes are written as core.js writes them.
  const { GATE_ORDER } = window.lstmExplainedData;
  const { shapeText, weightShapes } = window.lstmExplainedCore;
  const KINDS = ["lstm", "gru"];

  const sigmoid = (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

  // The shape of a nested array, read along its first elements.
  function shapeOf(array) {
    const dims = [];
    for (let level = array; Array.isArray(level); level = level[0]) dims.push(level.length);
    return dims;
  }

  function hasShape(array, dims) {
    if (dims.length === 0) return Number.isFinite(array);
    return Array.isArray(array) && array.length === dims[0] && array.every((item) => hasShape(item, dims.slice(1)));
  }

  function checkArray(name, array, dims, why) {
    if (hasShape(array, dims)) return;
    const found = shapeOf(array);
    const got = !Array.isArray(array) ? JSON.stringify(array) ?? String(array)
      : shapeText(found) === shapeText(dims) ? "a value that is not a finite number" : `shape ${shapeText(found)}`;
    throw new Error(`${name} must have shape ${shapeText(dims)} ${why}; got ${got}`);
  }

  // Check everything once, where it enters; the loops below trust their arguments.
  function checkArguments(kind, weights, inputs) {
    if (!KINDS.includes(kind)) throw new Error(`kind must be "lstm" or "gru"; got ${JSON.stringify(kind)}`);
    if (!weights || typeof weights !== "object") throw new Error("weights must be {kernel, recurrent_kernel, bias}");
    const { kernel, recurrent_kernel: recurrentKernel, bias } = weights;
    if (!Array.isArray(recurrentKernel) || recurrentKernel.length < 1 || !Array.isArray(kernel) || kernel.length < 1) {
      throw new Error("kernel and recurrent_kernel must be nested arrays of numbers (Keras' layout)");
    }
    const units = recurrentKernel.length;
    const inputDim = kernel.length;
    const layer = `for ${kind === "lstm" ? "an LSTM" : "a GRU"} with ${units} unit${units > 1 ? "s" : ""} (the rows of recurrent_kernel)`;
    const shapes = weightShapes(kind, inputDim, units); // reset_after=True for the GRU
    checkArray("kernel", kernel, shapes.kernel, layer);
    checkArray("recurrent_kernel", recurrentKernel, shapes.recurrent_kernel, layer);
    checkArray("bias", bias, shapes.bias,
      kind === "lstm" ? layer : `${layer}: reset_after=True keeps an input row and a recurrent row`);
    if (!Array.isArray(inputs)) throw new Error("inputs must be a list of time steps, each a list of numbers");
    inputs.forEach((step, t) => {
      if (!hasShape(step, [inputDim])) {
        throw new Error(`inputs[${t}] must be ${inputDim} finite numbers (one per input feature); got ${JSON.stringify(step)}`);
      }
    });
    return units;
  }

  // row (length n) times matrix (n × m), plus an optional row to add: one fused product per step.
  function product(row, matrix, add) {
    const out = add ? add.slice() : new Array(matrix[0].length).fill(0);
    for (let k = 0; k < row.length; k++) {
      const value = row[k];
      const weights = matrix[k];
      for (let j = 0; j < out.length; j++) out[j] += value * weights[j];
    }
    return out;
  }

  // One gate's block of a fused row: its place in Keras' order times units.
  const block = (fused, kind, gate, units) => {
    const k = GATE_ORDER[kind].indexOf(gate);
    return fused.slice(k * units, (k + 1) * units);
  };

  function lstmSteps(weights, inputs, units) {
    let h = new Array(units).fill(0);
    let c = new Array(units).fill(0);
    return inputs.map((x) => {
      const z = product(h, weights.recurrent_kernel, product(x, weights.kernel, weights.bias));
      const i = block(z, "lstm", "i", units).map(sigmoid); // input gate: how much of the candidate to write
      const f = block(z, "lstm", "f", units).map(sigmoid); // forget gate: how much of c to keep
      const g = block(z, "lstm", "c", units).map(Math.tanh); // candidate cell state c̃
      const o = block(z, "lstm", "o", units).map(sigmoid); // output gate: how much of tanh(c) to show
      c = c.map((previous, j) => f[j] * previous + i[j] * g[j]);
      h = c.map((value, j) => o[j] * Math.tanh(value));
      return { i, f, g, o, c, h };
    });
  }

  function gruSteps(weights, inputs, units) {
    const [inputBias, recurrentBias] = weights.bias;
    let h = new Array(units).fill(0);
    return inputs.map((x) => {
      const fromInput = product(x, weights.kernel, inputBias);
      const fromState = product(h, weights.recurrent_kernel, recurrentBias);
      const gate = (name) => [block(fromInput, "gru", name, units), block(fromState, "gru", name, units)];
      const [zInput, zState] = gate("z");
      const [rInput, rState] = gate("r");
      const [hInput, hState] = gate("h");
      const z = zInput.map((value, j) => sigmoid(value + zState[j]));
      const r = rInput.map((value, j) => sigmoid(value + rState[j]));
      // reset_after=True: r scales the recurrent product (bias included), after U.
      const hh = hInput.map((value, j) => Math.tanh(value + r[j] * hState[j]));
      h = h.map((previous, j) => z[j] * previous + (1 - z[j]) * hh[j]);
      return { z, r, hh, h };
    });
  }

  function forward(kind, weights, inputs) {
    const units = checkArguments(kind, weights, inputs);
    return { steps: (kind === "lstm" ? lstmSteps : gruSteps)(weights, inputs, units) };
  }

  // Other scripts on the site share this namespace: add to it, never replace it.
  const shared = (window.lstmExplained = window.lstmExplained || {});
  shared.forward = forward;
})();
