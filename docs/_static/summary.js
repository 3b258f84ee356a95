/* "Explain a model summary" (docs/summary.md). Runs in the browser, offline.
 *
 * A second implementation of lstm_explained.summary_parse and lstm_explained.summary, kept
 * honest by tests/browser/test_summary.py, which runs one corpus of summaries through both and
 * compares the explanation text and the JSON, character for character.
 */
(function () {
  "use strict";

  // -- Parsing (lstm_explained/summary_parse.py) ------------------------------------------------
  const TUPLE = String.raw`\((?:None|\d+|\?)?(?:,\s*(?:None|\d+|\?))*,?\)`;
  const SHAPE = String.raw`\[${TUPLE}(?:,\s*${TUPLE})*(?:\]|,)?|${TUPLE}|multiple|\?`;
  const ROW = new RegExp(
    String.raw`(?<first>[^\s()\[\]'│]+(?:\s+\([^()\s]*\)?)?)\s+(?<shape>${SHAPE})\s+(?<params>\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]\d)`,
    "g"
  );
  const FIRST_COLUMN = /^(?<name>[^\s(]+)\s*(?:\((?<type>[^()]*)(?<closed>\))?)?$/;
  const HEADER = /Layer\s*\(type\)\s*.*?Param\s*#(?:\s*Connected to)?/i;
  const RULE = /^[_=━─┏┓┗┛┡┩┳┻╇┃│├┤┼└┘┬┴\s]*$/;
  const TOTALS = {
    total_params: /(?<![\w-])Total params:\s*(\d[\d,]*)/i,
    trainable_params: /(?<![\w-])Trainable params:\s*(\d[\d,]*)/i,
    non_trainable_params: /(?<![\w-])Non-trainable params:\s*(\d[\d,]*)/i,
    optimizer_params: /(?<![\w-])Optimizer params:\s*(\d[\d,]*)/i,
  };
  const CONNECTION = /([\w./-]+)\[\d+\]\[\d+\]/g;
  const BOX_LINE = "│";
  const MAX_CHARS = 200000;

  const count = (text) => Number(text.replace(/,/g, ""));
  const grouped = (number) => number.toLocaleString("en-US");
  // Numbers inside a formula: separators above 9,999 only, as lstm_explained.formulas.grouped writes them.
  const formulaNumber = (number) => (number > 9999 ? grouped(number) : String(number));
  const stripChars = (text, chars) => {
    let start = 0;
    let end = text.length;
    while (start < end && chars.includes(text[start])) start += 1;
    while (end > start && chars.includes(text[end - 1])) end -= 1;
    return text.slice(start, end);
  };

  function splitFirstColumn(text) {
    const cleaned = text.replace(/^[\s|└]+/, "").trim();
    const match = cleaned.match(FIRST_COLUMN);
    if (!match) return [cleaned, "", false];
    return [match.groups.name, (match.groups.type || "").trim(), Boolean(match.groups.closed)];
  }

  const connections = (text) => [...(text || "").matchAll(CONNECTION)].map((match) => match[1]);

  function boxRows(lines) {
    let header = null;
    const blocks = [];
    let current = [];
    for (const line of lines) {
      const stripped = line.trim();
      if (stripped.startsWith("┃") && header === null) {
        header = stripChars(stripped, "┃").split("┃").map((cell) => cell.trim());
      } else if (stripped.startsWith(BOX_LINE)) {
        current.push(stripChars(stripped, BOX_LINE).split(BOX_LINE));
      } else if ((stripped.startsWith("├") || stripped.startsWith("└")) && current.length) {
        blocks.push(current);
        current = [];
      }
    }
    if (current.length) blocks.push(current);
    if (header === null || !header.some((cell) => cell.includes("Layer"))) {
      throw new Error("this looks like a Keras 3 table, but its header row (┃ Layer (type) ┃ ...) is missing");
    }
    const columns = {};
    header.forEach((name, index) => {
      const words = name.split(/\s+/).filter(Boolean);
      if (words.length) columns[words[0].toLowerCase()] = index;
    });
    const rows = [];
    for (const block of blocks) {
      const width = Math.max(...block.map((cells) => cells.length));
      const merged = [];
      for (let column = 0; column < width; column += 1) {
        let text = "";
        let filled = false;
        for (const cells of block) {
          const part = column < cells.length ? cells[column].trim() : "";
          if (!part) continue;
          text = filled || !text ? `${text}${part}` : `${text} ${part}`;
          filled = part.length >= cells[column].length - 2;
        }
        merged.push(text);
      }
      const cell = (name, fallback) => {
        const index = name in columns ? columns[name] : fallback;
        return index !== null && index < merged.length ? merged[index] : "";
      };
      const first = cell("layer", 0);
      const shape = cell("output", 1);
      const connected = cell("connected", null);
      const params = cell("param", 2).match(/^\d[\d,]*/);
      if (!first || !params) continue;
      const [name, type, closed] = splitFirstColumn(first);
      rows.push({ name, type, type_complete: closed, output_shape: shape, params: count(params[0]),
                  connected_to: connections(connected) });
    }
    return [rows, "connected" in columns];
  }

  function textRows(text) {
    const header = text.match(HEADER);
    const hasConnections = Boolean(header && header[0].toLowerCase().includes("connected"));
    let body = header ? text.slice(header.index + header[0].length) : text;
    const total = body.match(TOTALS.total_params);
    if (total) body = body.slice(0, total.index);
    body = body.replace(/_{3,}|={3,}/g, "\n");
    let shapeColumn = null; // known only when the header's columns are still aligned (not collapsed)
    if (header && /\)\s\s+Output/.test(header[0])) {
      const lineStart = text.lastIndexOf("\n", header.index - 1) + 1;
      shapeColumn = header.index - lineStart + header[0].indexOf("Output");
    }
    const rows = [];
    for (const line of body.split("\n")) {
      if (!line.trim() || RULE.test(line)) continue;
      const matches = [...line.matchAll(ROW)];
      if (matches.length) {
        matches.forEach((match, index) => {
          const end = index + 1 < matches.length ? matches[index + 1].index : line.length;
          rows.push([match.groups.first, match.groups.shape, count(match.groups.params),
                     line.slice(match.index + match[0].length, end)]);
        });
        continue;
      }
      if (!rows.length) continue;
      const aligned = shapeColumn !== null && line.length > shapeColumn;
      const part = aligned ? line.slice(0, shapeColumn).trim() : line.trim();
      let other = aligned ? line.slice(shapeColumn).trim() : "";
      const first = rows[rows.length - 1][0];
      const incomplete = !first.includes("(") || !first.trimEnd().endsWith(")");
      if (part && incomplete && !part.startsWith("[") && !part.startsWith("'")) {
        rows[rows.length - 1][0] = first + part;
      } else {
        other = `${part} ${other}`;
      }
      rows[rows.length - 1][3] += " " + other;
    }
    const parsed = rows.map(([first, shape, params, rest]) => {
      const [name, type, closed] = splitFirstColumn(first);
      return { name, type, type_complete: closed, output_shape: shape, params,
               connected_to: hasConnections ? connections(rest) : [] };
    });
    return [parsed, hasConnections];
  }

  const hasHeader = (text) => HEADER.test(text) || TOTALS.total_params.test(text);

  function parseSummary(text) {
    if (text.includes("\u0000")) throw new Error("not a Keras model summary: the input is binary, not text");
    if (text.length > MAX_CHARS) {
      throw new Error(`not a Keras model summary: ${grouped(text.length)} characters is far longer than any summary`);
    }
    text = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n").replace(/\t/g, "    ").replace(/\u00a0/g, " ");
    if (!text.trim()) throw new Error("not a Keras model summary: the text is empty");
    let rows;
    let hasConnections;
    let layout;
    if (text.includes(BOX_LINE)) {
      [rows, hasConnections] = boxRows(text.split("\n"));
      layout = "Keras 3 box table";
    } else {
      [rows, hasConnections] = textRows(text);
      layout = "Keras 2 text table";
    }
    const typed = rows.some((row) => row.type);
    if (!rows.length || !(typed || hasHeader(text))) {
      throw new Error(
        "not a Keras model summary: no row like 'lstm (LSTM)  (None, 2)  56' " +
        "(name, type, output shape, parameter count) was found"
      );
    }
    const totals = {};
    for (const [key, pattern] of Object.entries(TOTALS)) {
      const match = text.match(pattern);
      totals[key] = match ? count(match[1]) : null;
    }
    return { rows, layout, hasConnections, ...totals };
  }

  // -- Explaining (lstm_explained/summary.py) ----------------------------------------------------
  const ALL_KINDS = ["lstm", "gru", "simple_rnn"];
  const RECURRENT_TYPES = {
    LSTM: [["lstm"], false], GRU: [["gru"], false], SimpleRNN: [["simple_rnn"], false],
    RNN: [ALL_KINDS, false], Bidirectional: [ALL_KINDS, true],
  };
  const OTHER_TYPES = ["InputLayer", "Dense", "Embedding", "TimeDistributed", "Dropout", "Activation",
                       "Flatten", "RepeatVector", "Reshape", "Masking", "Concatenate", "Conv1D"];
  const KIND_NAMES = { lstm: "LSTM", gru: "GRU", simple_rnn: "SimpleRNN" };
  const GATES = { lstm: 4, gru: 3, simple_rnn: 1 };
  const RESET_AFTER_DEFAULTS =
    "reset_after=True is the default of tf.keras in TensorFlow 2 and of Keras 3; " +
    "reset_after=False was the default of standalone Keras 2 and of TensorFlow 1's tf.keras";

  const plural = (number, word) => (number === 1 ? `${number} ${word}` : `${number} ${word}s`);

  function lastAxis(shape) {
    const first = (shape || "").match(/\(([^()]*)\)/);
    if (!first) return null;
    const axes = first[1].split(",").map((axis) => axis.trim()).filter(Boolean);
    return axes.length && /^\d+$/.test(axes[axes.length - 1]) ? Number(axes[axes.length - 1]) : null;
  }

  function readType(printed, complete) {
    const own = (name) => RECURRENT_TYPES[name] || [[], false];
    if (complete || !printed) {
      const [kinds, bidirectional] = own(printed);
      return [kinds, bidirectional, printed];
    }
    const matches = [...Object.keys(RECURRENT_TYPES), ...OTHER_TYPES].filter((name) => name.startsWith(printed));
    const kinds = ALL_KINDS.filter((kind) => matches.some((name) => own(name)[0].includes(kind)));
    const bidirectional = matches.some((name) => own(name)[1]);
    return [kinds, bidirectional, matches.join(" or ")];
  }

  function biasRows(kind, resetAfter) {
    return kind === "gru" && resetAfter ? 2 : 1;
  }

  function paramFormula(kind, inputDim, units, resetAfter) {
    const gates = GATES[kind];
    const rows = biasRows(kind, resetAfter);
    const total = gates * units * (inputDim + units + rows);
    [inputDim, units] = [formulaNumber(inputDim), formulaNumber(units)];
    const bias = rows === 1 ? ` + ${units}` : ` + ${rows}·${units}`;
    const numbers = `${units}·${inputDim} + ${units}·${units}${bias}`;
    const plugged = gates > 1 ? `${gates} × (${numbers})` : numbers;
    return `${plugged} = ${formulaNumber(total)}`;
  }

  function solveInputDim(kind, units, total, resetAfter) {
    // count = gates · units · (d + units + bias rows): solve for a whole d of at least 1.
    const perInput = GATES[kind] * units;
    if (total % perInput) return null;
    const inputDim = total / perInput - units - biasRows(kind, resetAfter);
    return inputDim >= 1 ? inputDim : null;
  }

  function readings(kinds, units, params, bidirectional) {
    const directions = bidirectional ? 2 : 1;
    if (params % directions) return [];
    const found = [];
    for (const kind of kinds) {
      for (const resetAfter of kind === "gru" ? [true, false] : [null]) {
        const flag = resetAfter === null ? true : resetAfter;
        const inputDim = solveInputDim(kind, units, params / directions, flag);
        if (inputDim === null) continue;
        let formula = paramFormula(kind, inputDim, units, flag);
        if (bidirectional) {
          const inner = formula.slice(0, formula.lastIndexOf(" = "));
          const total = formulaNumber(params);
          formula = GATES[kind] > 1 ? `2 × ${inner} = ${total}` : `2 × (${inner}) = ${total}`;
        }
        found.push({ kind, units, input_dim: inputDim, bidirectional, reset_after: resetAfter, formula });
      }
    }
    return found;
  }

  function describe(candidate) {
    let layer = `${KIND_NAMES[candidate.kind]}(${candidate.units}`;
    layer += candidate.reset_after !== null ? `, reset_after=${candidate.reset_after ? "True" : "False"})` : ")";
    if (candidate.bidirectional) layer = `Bidirectional(${layer})`;
    return `${layer} on ${candidate.input_dim} features: ${candidate.formula}`;
  }

  function explainRecurrent(row, kinds, bidirectional, typeRead, knownInput) {
    const notes = [];
    if (!row.type_complete && row.type) notes.push(`the type was cut at the column: '${row.type}' is read as ${typeRead}`);
    const width = lastAxis(row.output_shape);
    if (!width) {
      return [[], [...notes, "the output shape has no size on its last axis, so units cannot be read"]];
    }
    let units;
    if (bidirectional) {
      if (width % 2) return [[], [...notes, `the output's last axis (${width}) is odd, so it is not two concatenated directions`]];
      units = width / 2;
      notes.push(`units = ${width} / 2 = ${units}: the output's last axis, halved ` +
                 "(assuming Bidirectional's default merge_mode='concat')");
    } else {
      units = width;
      notes.push(`units = ${units}: the output's last axis`);
    }
    let found = readings(kinds, units, row.params, bidirectional);
    if (knownInput !== null) {
      const [size, source] = knownInput;
      const agreeing = found.filter((candidate) => candidate.input_dim === size);
      if (agreeing.length) {
        notes.push(`input size ${size} from ${source}: kept only the readings with ${size} features`);
        found = agreeing;
      } else if (found.length) {
        notes.push(`${source} suggests ${size} input features, but no reading with ${size} reproduces the count`);
      }
    }
    if (!found.length) {
      const causes = bidirectional ? "another merge_mode, use_bias=False" : "use_bias=False";
      notes.push(`no ${kinds.map((kind) => KIND_NAMES[kind]).join(" or ")} with use_bias=True reproduces ` +
                 `${grouped(row.params)}: ${causes} or a custom cell would explain it`);
    }
    const gruModes = new Set(found.filter((candidate) => candidate.kind === "gru").map((candidate) => candidate.reset_after));
    if (gruModes.size === 2) notes.push(`a GRU fits with both reset_after settings: ${RESET_AFTER_DEFAULTS}`);
    return [found, notes];
  }

  function explainOther(row, typeRead, knownInput) {
    const width = lastAxis(row.output_shape);
    if (row.params === 0) return "not recurrent; no parameters";
    if (typeRead === "Dense" && width) {
      let inputs = Math.floor((row.params - width) / width);
      let remainder = row.params - width - inputs * width;
      if (knownInput !== null && knownInput[0] * width + width === row.params) {
        inputs = knownInput[0];
        remainder = 0;
      }
      if (!remainder && inputs >= 1) {
        return `not recurrent: Dense, inputs·units + units = ${inputs}·${width} + ${width} = ${grouped(row.params)}`;
      }
    }
    if (typeRead === "Embedding" && width && row.params % width === 0) {
      return `not recurrent: Embedding, words × dimensions = ${row.params / width} × ${width} = ${grouped(row.params)}`;
    }
    return "not recurrent";
  }

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
    const summary = parseSummary(text);
    const outputs = {};
    const layers = [];
    let previous = null;
    for (const row of summary.rows) {
      const [kinds, bidirectional, typeRead] = readType(row.type, row.type_complete);
      let knownInput = null;
      if (summary.hasConnections) {
        const inbound = row.connected_to[0];
        if (row.connected_to.length === 1 && inbound in outputs) knownInput = [outputs[inbound], `the output of ${inbound}`];
      } else if (previous !== null && lastAxis(previous.output_shape) !== null) {
        knownInput = [lastAxis(previous.output_shape), `the row above (${previous.name})`];
      }
      if (knownInput !== null && knownInput[0] === null) knownInput = null;
      const layer = { name: row.name, type: row.type, output_shape: row.output_shape, params: row.params };
      if (kinds.length) {
        const [candidates, notes] = explainRecurrent(row, kinds, bidirectional, typeRead, knownInput);
        Object.assign(layer, { recurrent: true, candidates, notes });
      } else {
        let note = explainOther(row, typeRead, knownInput);
        if (!row.type_complete && row.type) note += ` (the type was cut at the column: '${row.type}' is read as ${typeRead})`;
        Object.assign(layer, { recurrent: false, candidates: [], notes: [note] });
      }
      layers.push(layer);
      outputs[row.name] = lastAxis(row.output_shape);
      previous = row;
    }
    const report = { layers, layout: summary.layout, totalsNote: totalsNote(summary, layers) };
    const json = {
      layers: layers.map(({ name, type, output_shape, params, recurrent, candidates }) =>
        ({ name, type, output_shape, params, recurrent, candidates })),
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
