/* The cell diagram, drawn in the browser: a port of lstm_explained/diagram.py.
 *
 * window.lstmExplainedDiagram.cellDiagramSvg(kind, inputDim, units, {batch, useBias, resetAfter})
 * returns the same SVG text, byte for byte, as cell_diagram_svg(kind, input_dim, units, ...) in
 * Python; tests/browser/test_diagram.py checks that over many configurations. Keep the two in
 * step: change one, change the other, and the test tells you where they differ. The constants are
 * not repeated here: they come from the generated lstm-explained-data.js, and the shapes from
 * core.js (load both first).
 */
(function () {
  "use strict";

  // The package's facts and the diagram's constants (layout, symbols, stylesheet), written by the
  // build from lstm_explained (docs/_ext/browser_data.py): the same values the Python draws with.
  const { GATE_ORDER, KIND_NAMES } = window.lstmExplainedData;
  const {
    PAD, STATE_Y, PRODUCT_Y, OUTPUT_Y, GATE_TOP, GATE_HEIGHT, ROW_HEIGHT, ROW_GAP, RESET_GAP, NODE_RADIUS,
    COLUMN_GAP, GATE_SYMBOLS, ACTIVATIONS, STYLE,
  } = window.lstmExplainedData.DIAGRAM;
  const { shapeText, weightShapes } = window.lstmExplainedCore;

  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  const width14 = (parts) => parts.reduce((sum, [text, sub]) => sum + text.length * (sub ? 6 : 8), 0);
  const smallWidth = (text) => Math.floor((text.length * 15 + 1) / 2);

  function symbol(base, subscript, shape) {
    const parts = [[base, false], [subscript, true]];
    if (shape !== undefined) parts.push([" " + shape, false]);
    return parts;
  }

  class Drawing {
    constructor() {
      this.elements = [];
    }

    add(element) {
      this.elements.push(element);
    }

    text(x, y, parts, css = "", anchor = "start") {
      if (typeof parts === "string") parts = [[parts, false]];
      let body = "";
      let shifted = false;
      for (const [text, sub] of parts) {
        if (sub) {
          body += `<tspan class="small" dy="4">${escape(text)}</tspan>`;
          shifted = true;
        } else if (shifted) {
          body += `<tspan dy="-4">${escape(text)}</tspan>`;
          shifted = false;
        } else {
          body += escape(text);
        }
      }
      const cssAttribute = css ? ` class="${css}"` : "";
      const anchorAttribute = anchor !== "start" ? ` text-anchor="${anchor}"` : "";
      this.add(`<text x="${x}" y="${y}"${cssAttribute}${anchorAttribute}>${body}</text>`);
    }

    line(points, css = "wire") {
      const path = points.map(([x, y]) => `${x},${y}`).join(" ");
      this.add(`<polyline class="${css}" points="${path}"/>`);
    }

    arrow(points, css = "wire") {
      const [x0, y0] = points[points.length - 2];
      const [x1, y1] = points[points.length - 1];
      const dx = Math.sign(x1 - x0);
      const dy = Math.sign(y1 - y0);
      const back = 7;
      this.line(points.slice(0, -1).concat([[x1 - dx * (back - 1), y1 - dy * (back - 1)]]), css);
      const bx = x1 - dx * back;
      const by = y1 - dy * back;
      const wingX = dy * 4;
      const wingY = dx * 4;
      this.add(`<polygon class="head" points="${x1},${y1} ${bx + wingX},${by + wingY} ${bx - wingX},${by - wingY}"/>`);
    }

    node(x, y, operator) {
      const r = NODE_RADIUS;
      this.add(`<circle class="node" cx="${x}" cy="${y}" r="${r}"/>`);
      if (operator === "×") {
        const d = 5;
        this.add(`<path class="op" d="M${x - d},${y - d}L${x + d},${y + d}M${x + d},${y - d}L${x - d},${y + d}"/>`);
      } else if (operator === "+") {
        const d = 6;
        this.add(`<path class="op" d="M${x - d},${y}L${x + d},${y}M${x},${y - d}L${x},${y + d}"/>`);
      } else {
        this.text(x, y + 4, operator, "small", "middle");
      }
    }

    dot(x, y) {
      this.add(`<circle class="head" cx="${x}" cy="${y}" r="3.5"/>`);
    }

    box(x, y, width, height, css) {
      this.add(`<rect class="${css}" x="${x}" y="${y}" width="${width}" height="${height}" rx="6"/>`);
    }
  }

  function rows(kind, shapes, resetAfter) {
    const kernel = ["kernel", shapeText(shapes.kernel), "W", "x"];
    const recurrent = ["recurrent_kernel", shapeText(shapes.recurrent_kernel), "U", "h"];
    if (kind === "gru" && resetAfter) {
      if (!shapes.bias) return [kernel, recurrent];
      const packed = shapeText(shapes.bias);
      const row = shapeText(shapes.bias.slice(1));
      return [
        [`bias ${packed}`, `bias[0]: ${row}`, "b_x", null],
        kernel,
        [`bias ${packed}`, `bias[1]: ${row}`, "b_h", null],
        recurrent,
      ];
    }
    const bias = shapes.bias ? [["bias", shapeText(shapes.bias), "b", null]] : [];
    return bias.concat([recurrent, kernel]);
  }

  function words(kind, inputDim, units, batch, shapes, resetAfter) {
    const name = KIND_NAMES[kind];
    let title = `One ${name} cell with ${inputDim} input features and ${units} units`;
    if (batch !== null) title += `, for a batch of ${batch}`;
    const gates = GATE_ORDER[kind];
    const stored = Object.entries(shapes).map(([array, shape]) => `${array} ${shapeText(shape)}`).join(", ");
    const perExample = batch === null ? "per example" : `with a leading batch axis of ${batch}`;
    const sentences = [
      `Keras stores ${stored}.`,
      `Each is cut into ${gates.length} column block${gates.length > 1 ? "s" : ""} of ${units}, one per ` +
        `${gates.length > 1 ? "gate, in the order " + gates.join(", ") : "cell"}.`,
      `The input x_t ${shapeText(batch === null ? [inputDim] : [batch, inputDim])} is multiplied by the ` +
        `kernel, the previous hidden state h_t-1 ${shapeText(batch === null ? [units] : [batch, units])} ` +
        `by the recurrent kernel, and the bias is added; the sum is split into the gates (${perExample}).`,
    ];
    if (kind === "lstm") {
      sentences.push(
        "The cell state c_t = f ⊙ c_t-1 + i ⊙ c̃ carries no weights, only an element-wise product and a sum; " +
          "the output is h_t = o ⊙ tanh(c_t)."
      );
    } else if (kind === "gru") {
      const where = resetAfter
        ? "after the recurrent product: it multiplies h_t-1 U_h plus the recurrent bias, row 1 of the bias"
        : "before the recurrent product: it multiplies h_t-1 before its block of the recurrent kernel";
      sentences.push(`The reset gate r acts ${where}.`);
      sentences.push("The new state h_t = z ⊙ h_t-1 + (1 − z) ⊙ h̃ carries no weights.");
    } else {
      sentences.push("The new state is h_t = tanh(x_t W + h_t-1 U + b).");
    }
    return [title, sentences.join(" ")];
  }

  function cellDiagramSvg(kind, inputDim, units, { batch = null, useBias = true, resetAfter = true } = {}) {
    if (!(kind in GATE_ORDER)) throw new Error(`kind must be one of 'lstm', 'gru', 'simple_rnn'; got ${kind}`);
    for (const [name, value] of [["input_dim", inputDim], ["units", units], ["batch", batch === null ? 1 : batch]]) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer; got ${value}`);
    }
    const shapes = weightShapes(kind, inputDim, units, useBias, resetAfter);
    const layout = computeLayout(kind, inputDim, units, batch, shapes, resetAfter);
    const drawing = new Drawing();
    drawGrid(drawing, layout);
    if (kind !== "simple_rnn") drawing.text(PAD, STATE_Y - 10, symbol(layout.stateName, "t−1", layout.vector(units)), "label");
    ({ lstm: drawLstmPaths, gru: drawGruPaths, simple_rnn: drawSimpleRnnPath })[kind](drawing, layout);
    drawGates(drawing, layout);

    const [title, description] = words(kind, inputDim, units, batch, shapes, resetAfter);
    let ident = `cell-${kind}-${inputDim}-${units}` + (batch ? `-batch${batch}` : "");
    ident += (useBias ? "" : "-nobias") + (layout.resetBefore ? "-reset-before" : "");
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" class="lstm-cell" viewBox="0 0 ${layout.width} ${layout.height}" ` +
      `style="max-width:${layout.width}px" role="img" aria-labelledby="${ident}-title ${ident}-desc">` +
      `<title id="${ident}-title">${escape(title)}</title><desc id="${ident}-desc">${escape(description)}</desc>` +
      `<style>${STYLE}</style>` + drawing.elements.join("") + "</svg>"
    );
  }

  function computeLayout(kind, inputDim, units, batch, shapes, resetAfter) {
    const vector = (size) => shapeText(batch === null ? [size] : [batch, size]);
    const gates = GATE_ORDER[kind];
    const gateLabel = vector(units);
    const blockShapes = Object.values(shapes).map((shape) => shapeText(shape.slice(0, -1).concat([units])));
    let column = Math.max(56, Math.max(...blockShapes.map(smallWidth)) + 14, smallWidth(gateLabel) + 6);
    column += column % 2;
    const resetGap = kind === "gru" ? Math.max(48, 2 * smallWidth(gateLabel) + 20) : COLUMN_GAP;
    const left = Math.max(56, width14(symbol("h", "t−1")) + 16, smallWidth(vector(inputDim)) + 16, smallWidth(vector(units)) + 16);
    const lefts = [];
    let x = left;
    for (let k = 0; k < gates.length; k++) {
      lefts.push(x);
      x += column + (kind === "gru" && k === 1 ? resetGap : COLUMN_GAP);
    }
    const gridRight = lefts[lefts.length - 1] + column;

    const grid = rows(kind, shapes, resetAfter);
    const sources = grid.map((row) => row[3]);
    const resetRow = kind === "gru" && resetAfter ? sources.indexOf("x") : null;
    const rowLabelsWidth = Math.floor(Math.max(...grid.map(([name, shape]) => Math.max(name.length, shape.length))) * 15 / 2);
    const stateName = kind === "lstm" ? "c" : "h";
    const outLabels = [symbol(stateName, "t", vector(units)), symbol("h", "t", vector(units))];
    const rightWidth = Math.max(
      rowLabelsWidth + 18,
      Math.max(...outLabels.map(width14)) - Math.floor(column / 2) + NODE_RADIUS + 12
    );

    const gateTop = GATE_TOP[kind];
    const rowTops = [];
    let y = gateTop + GATE_HEIGHT + 26;
    for (let k = 0; k < grid.length; k++) {
      rowTops.push(y);
      y += ROW_HEIGHT + (k === resetRow ? RESET_GAP : ROW_GAP);
    }
    const gridBottom = rowTops[rowTops.length - 1] + ROW_HEIGHT;
    return {
      kind, inputDim, units, gates, vector, gateLabel, column, resetGap, lefts,
      centers: lefts.map((value) => value + Math.floor(column / 2)),
      gridRight, grid, sources, resetRow, resetBefore: kind === "gru" && !resetAfter, stateName, outLabels,
      width: gridRight + rightWidth + PAD, gateTop, rowTops, gridBottom, height: gridBottom + 30,
    };
  }

  function drawGrid(drawing, layout) {
    const { units, lefts, centers, rowTops } = layout;
    layout.grid.forEach(([name, shape, blockSymbol, source], index) => {
      const top = rowTops[index];
      const middle = top + Math.floor(ROW_HEIGHT / 2);
      if (source !== null) {
        const [label, size] = source === "x" ? [symbol("x", "t"), layout.inputDim] : [symbol("h", "t−1"), units];
        drawing.text(PAD, middle - 24, label, "label");
        drawing.text(PAD, middle - 7, layout.vector(size), "mono small label");
        if (source === "h" && layout.resetBefore) {
          const resetX = lefts[2] - Math.floor(layout.resetGap / 2);
          drawing.line([[PAD, middle], [resetX - NODE_RADIUS, middle]]);
          drawing.arrow([[resetX + NODE_RADIUS, middle], [lefts[2], middle]]);
          drawing.arrow([[PAD, middle], [lefts[0], middle]]);
        } else {
          drawing.line([[PAD, middle], [layout.gridRight, middle]]);
          drawing.arrow([[PAD, middle], [lefts[0], middle]]);
        }
      }
      layout.gates.forEach((gate, k) => {
        drawing.box(lefts[k], top, layout.column, ROW_HEIGHT, `block g${k}`);
        const [base, suffix = ""] = blockSymbol.split("_");
        drawing.text(centers[k], top + 17, symbol(base, suffix + gate), "", "middle");
        const rowsOfBlock = source === null ? [] : [source === "x" ? layout.inputDim : units];
        drawing.text(centers[k], top + 33, shapeText(rowsOfBlock.concat([units])), "mono small", "middle");
      });
      drawing.text(layout.gridRight + 14, top + 16, name, "mono small");
      drawing.text(layout.gridRight + 14, top + 32, shape, "mono small");
    });
    layout.gates.forEach((gate, k) => {
      drawing.text(centers[k], layout.gridBottom + 20, `${k * units}:${(k + 1) * units}`, "mono small muted", "middle");
    });
    drawing.text(layout.gridRight + 14, layout.gridBottom + 20, "columns", "small muted");
    for (const center of centers) {
      for (let row = 0; row + 1 < rowTops.length; row++) {
        drawing.arrow([[center, rowTops[row + 1]], [center, rowTops[row] + ROW_HEIGHT]]);
      }
      drawing.arrow([[center, rowTops[0]], [center, layout.gateTop + GATE_HEIGHT]]);
    }
  }

  function drawLstmPaths(drawing, layout) {
    const [i, f, c, o] = layout.centers;
    const r = NODE_RADIUS;
    const { gateTop, width } = layout;
    drawing.arrow([[i, gateTop], [i, PRODUCT_Y], [c - r, PRODUCT_Y]]);
    drawing.line([[f, gateTop], [f, STATE_Y + r]], "halo");
    drawing.arrow([[f, gateTop], [f, STATE_Y + r]]);
    drawing.arrow([[c, gateTop], [c, PRODUCT_Y + r]]);
    drawing.arrow([[c, PRODUCT_Y - r], [c, STATE_Y + r]]);
    drawing.arrow([[o, gateTop], [o, OUTPUT_Y + r]]);
    const tanhTop = PRODUCT_Y - 12;
    const tanhBottom = PRODUCT_Y + 12;
    drawing.arrow([[o, STATE_Y], [o, tanhTop]]);
    drawing.arrow([[o, tanhBottom], [o, OUTPUT_Y - r]]);
    drawing.arrow([[o + r, OUTPUT_Y], [width - PAD, OUTPUT_Y]]);
    drawing.line([[PAD, STATE_Y], [f - r, STATE_Y]], "wire state");
    drawing.line([[f + r, STATE_Y], [c - r, STATE_Y]], "wire state");
    drawing.arrow([[c + r, STATE_Y], [width - PAD, STATE_Y]], "wire state");
    drawing.dot(o, STATE_Y);
    drawing.node(f, STATE_Y, "×");
    drawing.node(c, STATE_Y, "+");
    drawing.node(c, PRODUCT_Y, "×");
    drawing.node(o, OUTPUT_Y, "×");
    drawing.box(o - 22, tanhTop, 44, 24, "node");
    drawing.text(o, PRODUCT_Y + 5, "tanh", "small", "middle");
    drawing.text(PAD, STATE_Y + 22, "cell state: no weights", "small muted note label");
    drawing.text(width - PAD, STATE_Y - 10, layout.outLabels[0], "label", "end");
    drawing.text(width - PAD, OUTPUT_Y - 10, layout.outLabels[1], "label", "end");
  }

  function drawGruPaths(drawing, layout) {
    const [z, reset, h] = layout.centers;
    const r = NODE_RADIUS;
    const { gateTop, lefts, rowTops } = layout;
    drawing.arrow([[z, gateTop], [z, STATE_Y + r]]);
    drawing.arrow([[z, PRODUCT_Y], [reset - r, PRODUCT_Y]]);
    drawing.arrow([[reset + r, PRODUCT_Y], [h - r, PRODUCT_Y]]);
    drawing.arrow([[h, gateTop], [h, PRODUCT_Y + r]]);
    drawing.arrow([[h, PRODUCT_Y - r], [h, STATE_Y + r]]);
    drawing.dot(z, PRODUCT_Y);
    const gapX = lefts[2] - Math.floor(layout.resetGap / 2);
    const gateMiddle = gateTop + Math.floor(GATE_HEIGHT / 2);
    const rRight = lefts[1] + layout.column;
    let resetAt;
    if (layout.resetBefore) {
      resetAt = [gapX, rowTops[layout.sources.indexOf("h")] + Math.floor(ROW_HEIGHT / 2)];
      drawing.arrow([[rRight, gateMiddle], [gapX, gateMiddle], [gapX, resetAt[1] - r]]);
    } else {
      resetAt = [h, rowTops[layout.resetRow] + ROW_HEIGHT + Math.floor(RESET_GAP / 2)];
      const kernelMiddle = rowTops[layout.resetRow] + Math.floor(ROW_HEIGHT / 2);
      drawing.line([[gapX, kernelMiddle - 6], [gapX, kernelMiddle + 6]], "halo");
      drawing.arrow([[rRight, gateMiddle], [gapX, gateMiddle], [gapX, resetAt[1]], [h - r, resetAt[1]]]);
    }
    drawing.node(resetAt[0], resetAt[1], "×");
    drawing.text(gapX + 5, gateMiddle + 18, layout.gateLabel, "mono small label");
    drawing.line([[PAD, STATE_Y], [z - r, STATE_Y]], "wire state");
    drawing.line([[z + r, STATE_Y], [h - r, STATE_Y]], "wire state");
    drawing.arrow([[h + r, STATE_Y], [layout.width - PAD, STATE_Y]], "wire state");
    drawing.node(z, STATE_Y, "×");
    drawing.node(h, STATE_Y, "+");
    drawing.node(reset, PRODUCT_Y, "1−");
    drawing.node(h, PRODUCT_Y, "×");
    drawing.text(Math.floor((z + h) / 2), STATE_Y + 22, "hidden state: no weights", "small muted note label", "middle");
    drawing.text(layout.width - PAD, STATE_Y - 10, layout.outLabels[1], "label", "end");
  }

  function drawSimpleRnnPath(drawing, layout) {
    const h = layout.centers[0];
    drawing.arrow([[h, layout.gateTop], [h, OUTPUT_Y - 70], [layout.width - PAD, OUTPUT_Y - 70]]);
    drawing.text(layout.width - PAD, OUTPUT_Y - 80, layout.outLabels[1], "label", "end");
  }

  function drawGates(drawing, layout) {
    layout.gates.forEach((gate, k) => {
      const left = layout.lefts[k];
      const center = layout.centers[k];
      const top = layout.gateTop;
      drawing.box(left, top, layout.column, GATE_HEIGHT, `gate g${k}`);
      const gateSymbol = layout.kind === "simple_rnn" ? "h" : GATE_SYMBOLS[gate];
      drawing.text(center, top + 20, gateSymbol, "symbol", "middle");
      drawing.text(center, top + 38, ACTIVATIONS[gate], "small", "middle");
      if (!(layout.kind === "gru" && gate === "r")) drawing.text(center + 6, top - 8, layout.gateLabel, "mono small label");
    });
  }

  window.lstmExplainedDiagram = { cellDiagramSvg };
})();
