/* "Watch the two states" (docs/watch.md): drive a real Keras LSTM or GRU in the page.
 *
 * The weights are the ones the build took from Keras (<script id="watch-weights">); the forward
 * pass is window.lstmExplained.forward (cells.js). This file turns the controls into inputs,
 * draws the gate heat map, the state lines and the vectors of one step, and writes the sentence
 * under the plots. tests/browser/test_watch.py checks what it shows against real Keras.
 */
(function () {
  "use strict";

  const MAX_STEPS = 100;
  const SVG_NS = "http://www.w3.org/2000/svg";
  // The package's facts, written by the build (lstm-explained-data.js): gate orders, and the
  // cell diagrams' symbols, activations and stylesheet (whose gate colours this page uses).
  const { GATE_ORDER, DIAGRAM } = window.lstmExplainedData;
  const { shapeText } = window.lstmExplainedCore;
  // The forward pass names the candidates g (LSTM) and hh (GRU), as the page's API says.
  const STEP_KEYS = { lstm: { c: "g" }, gru: { h: "hh" } };
  // Each kind's gates in Keras' order: [key in a forward step, symbol, activation].
  const GATES = Object.fromEntries(
    ["lstm", "gru"].map((kind) => [
      kind,
      GATE_ORDER[kind].map((gate) => [STEP_KEYS[kind][gate] || gate, DIAGRAM.GATE_SYMBOLS[gate], DIAGRAM.ACTIVATIONS[gate]]),
    ])
  );
  // Where the "memory" control acts: the forget gate's bias block (LSTM) or the update gate's
  // (GRU, in the input row of the bias): both say how much of the old state to keep.
  const MEMORY_GATE = { lstm: "f", gru: "z" };

  // -- Inputs --------------------------------------------------------------------------------

  // A small seeded generator (mulberry32), so "random" is the same sequence on every visit.
  function seededRandom(seed) {
    let state = seed >>> 0;
    return function () {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // Every preset gives each of the features the same value s_t, except "random".
  const PRESETS = {
    constant: () => 1,
    step: (t, length) => (t >= Math.round(length * 0.1) && t < Math.max(1, Math.round(length * 0.4)) ? 1 : 0),
    sine: (t) => Math.sin((2 * Math.PI * t) / 25),
    pulse: (t, length) => (t < Math.max(1, Math.round(length * 0.1)) ? 1 : 0),
  };

  function presetInputs(name, length, inputDim) {
    if (name === "random") {
      const random = seededRandom(20261201);
      return Array.from({ length }, () => Array.from({ length: inputDim }, () => 2 * random() - 1));
    }
    return Array.from({ length }, (_, t) => new Array(inputDim).fill(PRESETS[name](t, length)));
  }

  function parseLength(text) {
    const trimmed = text.trim();
    if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > MAX_STEPS) {
      return { error: `Steps must be a whole number from 1 to ${MAX_STEPS}.` };
    }
    return { value: Number(trimmed) };
  }

  // Typed values: one time step per line, one number (every feature reads it) or one per feature.
  function parseTyped(text, inputDim) {
    const lines = text.split("\n").map((line) => line.trim());
    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    if (lines.length === 0) return { error: "Type at least one time step: one number per line." };
    if (lines.length > MAX_STEPS) return { error: `At most ${MAX_STEPS} time steps; this has ${lines.length} lines.` };
    const inputs = [];
    for (const [index, line] of lines.entries()) {
      const words = line.split(/[\s,;]+/).filter(Boolean);
      const where = `Line ${index + 1}`;
      if (words.length !== 1 && words.length !== inputDim) {
        return { error: `${where}: give 1 number or ${inputDim} (one per feature); it has ${words.length}.` };
      }
      const values = [];
      for (const word of words) {
        // A typographic minus (−), as this page prints numbers, reads as a minus too.
        const plain = word.replace(/^\u2212/, "-");
        const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(plain) ? Number(plain) : NaN;
        if (!Number.isFinite(value)) return { error: `${where}: “${word}” is not a number.` };
        if (Math.abs(value) > 1000) return { error: `${where}: ${word} is too large; keep values within ±1000.` };
        values.push(value);
      }
      inputs.push(values.length === 1 ? new Array(inputDim).fill(values[0]) : values);
    }
    return { value: inputs };
  }

  // The layer's weights with the memory control's offset added to one bias block.
  function withMemoryOffset(kind, weights, offset) {
    const units = weights.recurrent_kernel.length;
    const start = GATE_ORDER[kind].indexOf(MEMORY_GATE[kind]) * units;
    const shift = (row) => row.map((value, column) => (column >= start && column < start + units ? value + offset : value));
    const bias = kind === "gru" ? [shift(weights.bias[0]), weights.bias[1].slice()] : shift(weights.bias);
    return { kernel: weights.kernel, recurrent_kernel: weights.recurrent_kernel, bias };
  }

  // -- Words ---------------------------------------------------------------------------------

  // A number as the page prints it: two decimals and a true minus sign.
  function format(value, digits = 2) {
    const text = Math.abs(value).toFixed(digits);
    return value < 0 && Number(text) !== 0 ? `\u2212${text}` : text;
  }

  const largest = (vector) => Math.max(...vector.map(Math.abs));

  // What the reader is seeing, in one or two sentences, from the numbers on the screen.
  function describe(kind, inputs, steps) {
    const state = kind === "lstm" ? "c" : "h";
    const units = steps[0].h.length;
    let peak = { size: -1 };
    steps.forEach((step, t) =>
      step[state].forEach((value, unit) => {
        if (Math.abs(value) > peak.size) peak = { size: Math.abs(value), value, t, unit };
      })
    );
    const where = `at step ${peak.t + 1}` + (units > 1 ? ` (unit ${peak.unit + 1})` : "");
    // The smallest bound with two decimals that |h| stays strictly below.
    const hBound = format((Math.floor(Math.max(...steps.map((step) => largest(step.h))) * 100) + 1) / 100);
    let text;
    if (kind === "lstm") {
      const out = steps.findIndex((step) => largest(step.c) > 1);
      const band = out >= 0 ? `left the ±1 band at step ${out + 1}` : "stayed inside the ±1 band";
      text = `c reached ${format(peak.value)} ${where} and ${band}; h never left (\u2212${hBound}, ${hBound}).`;
    } else {
      text = `h reached ${format(peak.value)} ${where}; a GRU has no c, and its one state h never left (\u2212${hBound}, ${hBound}).`;
    }
    // Memory: once the input falls silent, how long the state keeps half of what it held.
    const last = inputs.map((x) => x.some((value) => value !== 0)).lastIndexOf(true);
    if (last >= 0 && last < steps.length - 1 && largest(steps[last][state]) >= 0.01) {
      const held = largest(steps[last][state]);
      const half = steps.findIndex((step, t) => t > last && largest(step[state]) <= held / 2);
      text += ` After the input stopped at step ${last + 1}, the largest |${state}| was ${format(held)}; ` +
        (half >= 0
          ? `it fell to half of that or less by step ${half + 1}.`
          : `it still held more than half of that at the last step, ${steps.length}.`);
    }
    return text;
  }

  // -- Drawing -------------------------------------------------------------------------------

  function svgElement(name, attributes = {}, text) {
    const element = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    if (text !== undefined) element.textContent = text;
    return element;
  }

  // A label in the diagram's notation: a base, a subscript, then optional plain text.
  function symbolText(x, y, base, subscript, rest = "", attributes = {}) {
    const text = svgElement("text", { x, y, ...attributes });
    text.append(base);
    const sub = svgElement("tspan", { class: "small", dy: 4 }, subscript);
    text.append(sub);
    if (rest) text.append(svgElement("tspan", { dy: -4 }, rest));
    return text;
  }

  const round = (value) => Math.round(value * 100) / 100;

  function timeAxis(svg, layout, y) {
    const { left, column, length } = layout;
    const every = length <= 12 ? 1 : length <= 30 ? 5 : length <= 60 ? 10 : 20;
    for (let t = 0; t < length; t++) {
      if ((t + 1) % every !== 0 && t !== 0) continue;
      svg.append(svgElement("text", { x: round(left + (t + 0.5) * column), y, class: "small muted", "text-anchor": "middle" }, String(t + 1)));
    }
  }

  function frame(width, height, label) {
    return svgElement("svg", {
      viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": label, class: "lstm-cell watch-plot",
    });
  }

  function plotLayout(width, length) {
    const left = 64;
    const right = 10;
    return { width, left, right, length, column: (width - left - right) / length };
  }

  function heatMap(width, kind, steps) {
    const units = steps[0].h.length;
    const gates = GATES[kind];
    const layout = plotLayout(width, steps.length);
    const rowHeight = Math.max(6, Math.min(18, Math.floor(48 / units)));
    const gap = 8;
    const top = 6;
    const height = top + gates.length * (units * rowHeight + gap) + 18;
    const svg = frame(width, height,
      `Heat map of the ${gates.map((gate) => gate[1]).join(", ")} gate activations of ${units} unit${units > 1 ? "s" : ""} over ${steps.length} steps`);
    gates.forEach(([key, symbol, activation], k) => {
      const y0 = top + k * (units * rowHeight + gap);
      const group = svgElement("g", { class: `g${k}` });
      group.append(symbolText(4, y0 + Math.min(14, units * rowHeight - 2), symbol, "t", "", { class: "symbol" }));
      group.append(svgElement("text", { x: 24, y: y0 + Math.min(14, units * rowHeight - 2), class: "small" }, activation));
      steps.forEach((step, t) => {
        step[key].forEach((value, unit) => {
          // σ runs over (0, 1), tanh over (−1, 1): the colour's strength is where the value sits.
          const level = activation === "σ" ? value : (value + 1) / 2;
          group.append(svgElement("rect", {
            class: "heat", x: round(layout.left + t * layout.column), y: y0 + unit * rowHeight,
            width: round(layout.column + 0.4), height: rowHeight,
            style: `--level:${Math.round(level * 100)}%`,
          }));
        });
      });
      group.append(svgElement("rect", {
        class: "heat-frame", x: layout.left, y: y0, width: round(layout.column * steps.length), height: units * rowHeight,
      }));
      svg.append(group);
    });
    timeAxis(svg, layout, height - 4);
    return { svg, layout, top, bottom: height - 18 };
  }

  function niceStep(range) {
    for (const step of [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]) if (range / step <= 4) return step;
    return 1000;
  }

  function statePanel(svg, layout, steps, state, y0, height) {
    const limit = state === "h" ? 1.1 : Math.max(1.2, 1.1 * Math.max(...steps.map((step) => largest(step.c))));
    const y = (value) => round(y0 + height / 2 - (value / limit) * (height / 2));
    const right = layout.width - layout.right;
    svg.append(svgElement("rect", { class: "band", x: layout.left, y: y(1), width: right - layout.left, height: round(y(-1) - y(1)) }));
    const step = niceStep(limit);
    for (let value = -Math.floor(limit / step) * step; value <= limit; value += step) {
      svg.append(svgElement("line", { class: value === 0 ? "axis" : "grid", x1: layout.left, x2: right, y1: y(value), y2: y(value) }));
      svg.append(svgElement("text", { x: layout.left - 6, y: y(value) + 4, class: "small muted", "text-anchor": "end" }, format(value, step < 1 ? 1 : 0)));
    }
    svg.append(symbolText(4, y0 + 16, state, "t", "", { class: "symbol" }));
    svg.append(svgElement("text", { x: right - 4, y: y(1) - 4, class: "small muted", "text-anchor": "end" }, "±1"));
    const units = steps[0].h.length;
    for (let unit = 0; unit < units; unit++) {
      const points = steps.map((s, t) => `${round(layout.left + (t + 0.5) * layout.column)},${y(s[state][unit])}`).join(" ");
      svg.append(svgElement(steps.length === 1 ? "polyline" : "polyline", { class: `trace u${unit} ${state === "c" ? "cell" : ""}`, points }));
    }
    return y;
  }

  function statePlot(width, kind, steps) {
    const layout = plotLayout(width, steps.length);
    const panel = 150;
    const gap = 16;
    const panels = (kind === "lstm" ? ["c"] : []).concat("h"); // the LSTM's c above h; a GRU has only h
    const height = 6 + panels.length * (panel + gap) + 8;
    const what = kind === "lstm" ? "the cell state c and the hidden state h" : "the hidden state h, the GRU's only state";
    const svg = frame(width, height, `Line plot of ${what} of every unit over ${steps.length} steps, with the band from −1 to 1 shaded`);
    const scales = {};
    panels.forEach((state, k) => {
      scales[state] = statePanel(svg, layout, steps, state, 6 + k * (panel + gap), panel);
    });
    timeAxis(svg, layout, height - 4);
    return { svg, layout, top: 6, bottom: height - 18, scales, panels };
  }

  function cursor(plot, t) {
    const x = round(plot.layout.left + (t + 0.5) * plot.layout.column);
    const group = svgElement("g", { class: "cursor" });
    group.append(svgElement("line", { x1: x, x2: x, y1: plot.top - 4, y2: plot.bottom + 2 }));
    return { group, x };
  }

  // -- The vectors of one step, in the diagram's notation: name, shape, values -------------------

  // note: the activation, or the formula that made the vector (trusted HTML from this file only).
  function vectorRow(name, subscript, values, css, note = "") {
    const row = document.createElement("div");
    row.className = `watch-vector ${css}`;
    const label = document.createElement("span");
    label.className = "watch-name";
    label.innerHTML = `${name}<sub>${subscript}</sub>`;
    const shape = document.createElement("span");
    shape.className = "watch-shape";
    shape.textContent = shapeText([values.length]);
    const cells = document.createElement("span");
    cells.className = "watch-values";
    for (const value of values) {
      const cell = document.createElement("span");
      cell.textContent = format(value);
      cells.append(cell);
    }
    if (note) {
      const formula = document.createElement("span");
      formula.className = "watch-formula";
      formula.innerHTML = note;
      cells.append(formula);
    }
    row.append(label, shape, cells);
    return row;
  }

  function vectors(container, kind, inputs, steps, t) {
    const step = steps[t];
    const units = step.h.length;
    const zeros = new Array(units).fill(0);
    const previous = t > 0 ? steps[t - 1] : null;
    const rows = [vectorRow("x", "t", inputs[t], "source"), vectorRow("h", "t−1", previous ? previous.h : zeros, "source")];
    GATES[kind].forEach(([key, symbol, activation], k) => rows.push(vectorRow(symbol, "t", step[key], `watch-gate g${k}`, activation)));
    if (kind === "lstm") {
      rows.push(vectorRow("c", "t−1", previous ? previous.c : zeros, "state"));
      rows.push(vectorRow("c", "t", step.c, "state", "= f<sub>t</sub> ⊙ c<sub>t−1</sub> + i<sub>t</sub> ⊙ c\u0303<sub>t</sub>"));
      rows.push(vectorRow("h", "t", step.h, "state", "= o<sub>t</sub> ⊙ tanh(c<sub>t</sub>)"));
    } else {
      rows.push(vectorRow("h", "t", step.h, "state", "= z<sub>t</sub> ⊙ h<sub>t−1</sub> + (1 − z<sub>t</sub>) ⊙ h\u0303<sub>t</sub>"));
    }
    container.replaceChildren(...rows);
  }

  // -- The page ------------------------------------------------------------------------------

  // The cell diagrams' stylesheet, once per page: the plots and the vectors take its colours.
  function addDiagramStyle() {
    if (document.getElementById("lstm-cell-style")) return;
    const style = document.createElement("style");
    style.id = "lstm-cell-style";
    style.textContent = DIAGRAM.STYLE;
    document.head.append(style);
  }

  function init(root) {
    addDiagramStyle();
    const source = document.getElementById("watch-weights");
    const data = JSON.parse(source.textContent);
    const field = (name) => root.querySelector(`[name="${name}"]`);
    const show = (name) => root.querySelector(`[data-show="${name}"]`);
    let current = null;
    // Only the sizes the build embedded can be chosen.
    field("units").replaceChildren(
      ...Object.keys(data.lstm).map((units) => new Option(units, units, false, Number(units) === data.default_units))
    );

    function readInputs() {
      const preset = field("preset").value;
      const typed = preset === "typed";
      field("length").disabled = typed;
      show("typed").hidden = !typed;
      show("typed-label").hidden = !typed;
      const message = typed ? parseTyped(field("typed").value, data.input_dim) : parseLength(field("length").value);
      const invalid = typed ? field("typed") : field("length");
      const other = typed ? field("length") : field("typed");
      root.querySelector(`[data-error="${typed ? "typed" : "length"}"]`).textContent = message.error || "";
      root.querySelector(`[data-error="${typed ? "length" : "typed"}"]`).textContent = "";
      invalid.setAttribute("aria-invalid", message.error ? "true" : "false");
      other.setAttribute("aria-invalid", "false");
      if (message.error) return null;
      return typed ? message.value : presetInputs(preset, message.value, data.input_dim);
    }

    function update() {
      const kind = field("kind").value;
      const units = Number(field("units").value);
      const offset = Number(field("memory").value);
      const scale = Number(field("scale").value);
      show("memory").textContent = (offset > 0 ? "+" : "") + format(offset, 1);
      show("scale").textContent = `× ${format(scale, 2)}`;
      root.querySelector("[data-show='memory-gate']").textContent = kind === "lstm" ? "forget gate f" : "update gate z";
      const raw = readInputs();
      const results = root.querySelector(".watch-results");
      results.hidden = raw === null;
      if (raw === null) {
        current = null;
        return;
      }
      const inputs = raw.map((x) => x.map((value) => value * scale));
      const weights = withMemoryOffset(kind, data[kind][String(units)], offset);
      const { steps } = window.lstmExplained.forward(kind, weights, inputs);
      const slider = field("step");
      slider.max = String(steps.length);
      if (Number(slider.value) > steps.length) slider.value = String(steps.length);
      current = { kind, units, offset, scale, raw, inputs, weights, steps, sentence: describe(kind, inputs, steps) };
      root.querySelector(".watch-sentence").textContent = current.sentence;
      draw();
    }

    // The plots' column width when they were last drawn: only a change of it redraws them on resize.
    let drawnAt = 0;

    function draw() {
      if (!current) return;
      const { kind, inputs, steps } = current;
      drawnAt = root.querySelector(".watch-heat").clientWidth;
      const width = Math.max(240, drawnAt);
      const heat = heatMap(width, kind, steps);
      const lines = statePlot(width, kind, steps);
      current.plots = [heat, lines];
      root.querySelector(".watch-heat").replaceChildren(heat.svg);
      root.querySelector(".watch-lines").replaceChildren(lines.svg);
      root.querySelector(".watch-legend").replaceChildren(
        ...steps[0].h.map((_, unit) => {
          const item = document.createElement("span");
          item.className = `u${unit}`;
          item.textContent = `unit ${unit + 1}`;
          return item;
        })
      );
      moveCursor();
    }

    function moveCursor() {
      if (!current) return;
      const { kind, inputs, steps } = current;
      const t = Math.min(steps.length, Math.max(1, Number(field("step").value))) - 1;
      field("step").setAttribute("aria-valuetext", `step ${t + 1} of ${steps.length}`);
      show("step").textContent = `${t + 1} of ${steps.length}`;
      for (const plot of current.plots) {
        plot.svg.querySelector(".cursor")?.remove();
        const { group, x } = cursor(plot, t);
        if (plot.scales) {
          plot.panels.forEach((state) =>
            steps[t][state].forEach((value, unit) =>
              group.append(svgElement("circle", { class: `dot u${unit}`, cx: x, cy: plot.scales[state](value), r: 3.5 }))
            )
          );
        }
        plot.svg.append(group);
      }
      vectors(root.querySelector(".watch-vectors"), kind, inputs, steps, t);
    }

    // Pointing at a plot moves the step under the cursor; the slider does it from the keyboard.
    function pointAt(event) {
      if (!current || !current.plots) return;
      const svg = event.currentTarget.querySelector("svg");
      if (!svg) return;
      const { width, left, column, length } = current.plots[0].layout;
      const box = svg.getBoundingClientRect();
      const x = ((event.clientX - box.left) * width) / box.width; // in the drawing's units, even if scaled
      const t = Math.min(length - 1, Math.max(0, Math.floor((x - left) / column)));
      field("step").value = String(t + 1);
      moveCursor();
    }

    for (const name of ["kind", "units", "preset", "length", "typed", "memory", "scale"]) {
      field(name).addEventListener("input", update);
      field(name).addEventListener("change", update);
    }
    field("step").addEventListener("input", moveCursor);
    for (const plot of root.querySelectorAll(".watch-heat, .watch-lines")) {
      plot.addEventListener("pointermove", pointAt);
      plot.addEventListener("pointerdown", pointAt);
    }
    // Also called once when observing starts: after update() below has drawn, that is not a change.
    new ResizeObserver(() => {
      const now = root.querySelector(".watch-heat").clientWidth;
      if (now !== drawnAt && now > 0) draw();
    }).observe(root);
    update();
    // Start with the cursor where the state is largest: the step the sentence talks about.
    if (current) {
      const state = current.kind === "lstm" ? "c" : "h";
      const sizes = current.steps.map((step) => largest(step[state]));
      field("step").value = String(sizes.indexOf(Math.max(...sizes)) + 1);
      moveCursor();
    }

    // For the tests and the curious: what the page shows, as numbers.
    window.lstmExplained.watch = {
      current: () => current && {
        kind: current.kind, units: current.units, offset: current.offset, scale: current.scale,
        raw: current.raw, inputs: current.inputs, steps: current.steps, sentence: current.sentence,
      },
      presetInputs, parseTyped, describe,
    };
  }

  window.lstmExplained = window.lstmExplained || {};
  document.querySelectorAll(".lstm-watch").forEach(init);
})();
