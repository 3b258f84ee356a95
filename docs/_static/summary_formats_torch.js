/* The browser's summary reader: the PyTorch family of printouts (lstm_explained/summary_formats/torch.py).
 *
 * print(model) trees, torchinfo / torch-summary 1.4, torchsummary / torchkeras /
 * pytorch-model-summary and Lightning tables: text -> rows. Registers itself first, since Keras'
 * reader would also claim a torchinfo table (its box characters) or a torchsummary header.
 * tests/browser/test_torch_summary.py checks it against the Python, character for character.
 */
(function () {
  "use strict";

  const NAME = "PyTorch";
  const RECURRENT_MODULES = {
    LSTM: ["lstm", false], GRU: ["gru", false], RNN: ["simple_rnn", false],
    LSTMCell: ["lstm", true], GRUCell: ["gru", true], RNNCell: ["simple_rnn", true],
  };
  const TOTALS = {
    total_params: /(?<![\w-])Total params:?\s*(\d[\d,]*)/i,
    trainable_params: /(?<![\w-])Trainable params:?\s*(\d[\d,]*)/i,
    non_trainable_params: /(?<![\w-])Non-trainable params:?\s*(\d[\d,]*)/i,
  };
  const TORCHINFO_HEADER = /Layer\s*\(type(?:\s*\(var_name\)\s*:\s*depth-idx|\s*\(var_name\)|\s*:\s*depth-idx)\)/i;
  const TORCHINFO_COLUMNS = ["Input Shape", "Output Shape", "Kernel Shape", "Param #", "Param %", "Mult-Adds", "Trainable"];
  const TORCHINFO_ROW =
    /^(?<tree>[\s│|]*(?:[├└|+`]─+\s*)?)(?<type>[A-Za-z_]\w*)(?:\s*\((?<var>[^()]*)\))?(?::\s*(?<depth>\d+)(?:-(?<index>\d+))?)?(?<rest>(?:\s.*)?)$/;
  const TORCHINFO_CELL = /\[[^\[\]]*\]|--|\(recursive\)|\d[\d,]*(?:\.\d+)?%?|True|False|Partial/g;
  const TORCHSUMMARY_HEADER = /Layer\s*\(type\)\s+(?:Input Shape|Output Shape)/i;
  const TORCHSUMMARY_ROW =
    /^\s*(?<type>[A-Za-z_]\w*)-(?<index>\d+)\s+(?<shapes>(?:\[.*\]|multiple|--))?\s*(?<params>-?\d[\d,]*)(?:\s+(?<trainable>-?\d[\d,]*))?\s*$/;
  const TORCHSUMMARY_LINE = /^\s*[A-Za-z_]\w*-\d+\s+(?:\[|--|multiple)/m;
  const LIGHTNING_HEADER = /\|\s*Name\s*\|\s*Type\s*\|\s*Params/;
  const LIGHTNING_COUNT = /^(?<number>\d[\d,]*(?:\.\d)?)\s*(?<unit>[KMBT]?)$/;
  const LIGHTNING_TOTAL = /^(.*?)\s+Total params/im;
  const MODULE_START = /(?:\((?<attr>[^()\s:]+)\)\s*:\s*)?(?<type>[A-Za-z_][\w.]*)\s?\(/g;
  const CHILD = /\(\s*[^()\s:]+\s*\)\s*:/;
  const MARKDOWN_ESCAPE = /\\([_*\[\]()#|`\\-])/g;

  const count = (text) => Number(text.replace(/,/g, ""));
  const grouped = (number) => number.toLocaleString("en-US");
  const isCount = (text) => /^\d[\d,]*$/.test(text);

  function row(fields) {
    return Object.assign({
      name: "", type: "", params_text: "", params: null, params_low: null, params_high: null,
      input_shape: "", output_shape: "", arguments: null, container: false,
    }, fields);
  }

  function cleanPaste(text) {
    text = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n").replace(/\t/g, "    ").replace(/\u00a0/g, " ");
    let lines = text.split("\n");
    const filled = lines.filter((line) => line.trim());
    for (const prefix of ["#", "%"]) {
      if (filled.length && filled.every((line) => line.trimStart().startsWith(prefix))) {
        const pattern = new RegExp(`^\\s*${prefix}+ ?`);
        lines = lines.map((line) => line.replace(pattern, ""));
        break;
      }
    }
    lines = lines.map((line) => (line.endsWith("\\") ? line.slice(0, -1) : line));
    return lines.join("\n").replace(MARKDOWN_ESCAPE, "$1").replace(/^\n+|\n+$/g, "");
  }

  function closingBracket(text, start) {
    let depth = 0;
    let quote = null;
    for (let index = start; index < text.length; index += 1) {
      const char = text[index];
      if (quote) {
        if (char === quote) quote = null;
      } else if (char === "'" || char === '"') {
        quote = char;
      } else if (char === "(") {
        depth += 1;
      } else if (char === ")") {
        depth -= 1;
        if (depth === 0) return index;
      }
    }
    return text.length;
  }

  function treeRows(text) {
    const rows = [];
    const open = []; // [closing index, dotted name]
    let position = 0;
    for (;;) {
      MODULE_START.lastIndex = position;
      const match = MODULE_START.exec(text);
      if (!match) break;
      const end = match.index + match[0].length;
      const close = closingBracket(text, end - 1);
      while (open.length && open[open.length - 1][0] < match.index) open.pop();
      const attribute = match.groups.attr;
      const parent = open.length ? open[open.length - 1][1] : "";
      const name = parent && attribute ? `${parent}.${attribute}` : (attribute || parent);
      const inside = text.slice(end, close);
      if (CHILD.test(inside)) {
        rows.push(row({ name: name || match.groups.type, type: match.groups.type, container: true }));
        open.push([close, name]);
        position = end;
        continue;
      }
      rows.push(row({ name: name || match.groups.type, type: match.groups.type,
                      arguments: inside.split(/\s+/).filter(Boolean).join(" ") }));
      position = close + 1;
    }
    return rows;
  }

  function lineAround(text, start, end) {
    const from = text.lastIndexOf("\n", start - 1) + 1;
    const newline = text.indexOf("\n", end);
    return text.slice(from, newline === -1 ? text.length : newline);
  }

  function cutAtTotal(body) {
    const total = body.match(TOTALS.total_params);
    return total ? body.slice(0, total.index) : body;
  }

  function torchinfoRows(text, header) {
    const headerEnd = header.index + header[0].length;
    const headerLine = lineAround(text, header.index, headerEnd);
    const columns = TORCHINFO_COLUMNS.filter((name) => headerLine.includes(name))
      .map((name) => [headerLine.indexOf(name), name]).sort((a, b) => a[0] - b[0]).map((pair) => pair[1]);
    const body = cutAtTotal(text.slice(headerEnd));
    const parsed = [];
    for (const line of body.split("\n").slice(1)) {
      const match = line.match(TORCHINFO_ROW);
      if (!match) continue;
      const cells = match.groups.rest.match(TORCHINFO_CELL) || [];
      const values = {};
      columns.forEach((name, index) => { if (index < cells.length) values[name] = cells[index]; });
      const printed = values["Param #"] === undefined ? "--" : values["Param #"];
      const g = match.groups;
      const depth = g.depth ? Number(g.depth) : [..."│├└|+`"].reduce((sum, mark) => sum + g.tree.split(mark).length - 1, 0);
      const name = g.var || g.type + (g.depth ? `: ${g.depth}` : "") + (g.index ? `-${g.index}` : "");
      parsed.push([depth, name, g.type, printed, values["Input Shape"] || "", values["Output Shape"] || ""]);
    }
    return parsed.map(([depth, name, type, printed, inputShape, outputShape], position) => {
      const deeperNext = position + 1 < parsed.length && parsed[position + 1][0] > depth;
      const params = isCount(printed) ? count(printed) : null;
      return row({ name, type, params_text: printed, params, params_low: params, params_high: params,
                   input_shape: inputShape === "--" ? "" : inputShape,
                   output_shape: outputShape === "--" ? "" : outputShape, container: deeperNext });
    });
  }

  function torchsummaryRows(text, header) {
    const headerEnd = header.index + header[0].length;
    const newline = text.indexOf("\n", headerEnd);
    const headerLine = text.slice(header.index, newline === -1 ? text.length : newline);
    const inputColumn = headerLine.includes("Input Shape") && !headerLine.includes("Output Shape");
    const rows = [];
    for (const line of cutAtTotal(text.slice(headerEnd)).split("\n")) {
      const match = line.match(TORCHSUMMARY_ROW);
      if (!match) continue;
      const g = match.groups;
      const shapes = g.shapes || "";
      const params = g.params.startsWith("-") ? null : count(g.params);
      rows.push(row({ name: `${g.type}-${g.index}`, type: g.type, params_text: g.params, params,
                      params_low: params, params_high: params,
                      input_shape: inputColumn ? shapes : "", output_shape: inputColumn ? "" : shapes }));
    }
    return rows;
  }

  function lightningCountRange(printed) {
    const match = printed.trim().match(LIGHTNING_COUNT);
    if (!match) return null;
    const number = match.groups.number.replace(/,/g, "");
    const unit = match.groups.unit;
    const scale = 10 ** (3 * " KMBT".indexOf(unit || " "));
    if (number.includes(".")) {
      const tenths = Number(number.replace(".", ""));
      const low = Math.floor(((2 * tenths - 1) * scale) / 20);
      const high = Math.floor(((2 * tenths + 1) * scale) / 20);
      return [Math.max(low, scale), high];
    }
    const value = Number(number);
    return scale === 1 ? [value, value] : [value * scale, (value + 1) * scale - 1];
  }

  function lightningRows(text) {
    const lines = text.split("\n").filter((line) => line.split("|").length - 1 >= 2);
    const header = lines.find((line) => /\|\s*Name\s*\|\s*Type\s*\|/.test(line));
    const names = header.split("|").map((cell) => cell.trim().toLowerCase());
    const rows = [];
    for (const line of lines.slice(lines.indexOf(header) + 1)) {
      const cells = line.split("|").map((cell) => cell.trim());
      if ([...cells.join("")].every((char) => "-=:+ ".includes(char)) || cells.length < names.length - 1) continue;
      const values = {};
      names.forEach((name, index) => { if (index < cells.length) values[name] = cells[index]; });
      const printed = values.params || "";
      const bounds = lightningCountRange(printed);
      if (!values.type || bounds === null) continue;
      const exact = bounds[0] === bounds[1] ? bounds[0] : null;
      rows.push(row({ name: values.name || "", type: values.type, params_text: printed, params: exact,
                      params_low: bounds[0], params_high: bounds[1],
                      input_shape: values["in sizes"] || "", output_shape: values["out sizes"] || "" }));
    }
    const all = rows.map((item) => item.name);
    return rows.map((item) => ({ ...item, container: all.some((other) => other.startsWith(`${item.name}.`)) }));
  }

  function firstCopy(text, marker) {
    const first = text.indexOf(marker);
    const second = first >= 0 ? text.indexOf(marker, first + marker.length) : -1;
    return second < 0 ? text : text.slice(0, second);
  }

  const isTorchsummary = (text) => TORCHSUMMARY_HEADER.test(text) && TORCHSUMMARY_LINE.test(text);

  function looksLike(text) {
    text = cleanPaste(text);
    return TORCHINFO_HEADER.test(text) || isTorchsummary(text) || LIGHTNING_HEADER.test(text) ||
      Object.keys(RECURRENT_MODULES).some((kind) => new RegExp(`(?<![\\w.])${kind}\\s?\\(\\s*\\d`).test(text));
  }

  function firstTree(rows) {
    if (!rows.length || !rows[0].container) return rows;
    const top = [];
    rows.forEach((item, index) => {
      if (item.container && item.name === rows[0].name && !item.name.includes(".")) top.push(index);
    });
    return top.length > 1 ? rows.slice(0, top[1]) : rows;
  }

  function parseTorchPrintout(text) {
    text = cleanPaste(text);
    let totals = {};
    let rows;
    let format;
    let header = text.match(TORCHINFO_HEADER);
    if (header) {
      text = firstCopy(text, header[0]);
      header = text.match(TORCHINFO_HEADER);
      rows = torchinfoRows(text, header);
      format = /\[-1,/.test(text) ? "torch-summary 1.4 table" : "torchinfo table";
    } else if (isTorchsummary(text)) {
      text = firstCopy(text, text.match(TORCHSUMMARY_HEADER)[0]);
      rows = torchsummaryRows(text, text.match(TORCHSUMMARY_HEADER));
      format = /Tr\.\s*Param/.test(text) ? "pytorch-model-summary table" : "torchsummary table";
    } else if (LIGHTNING_HEADER.test(text)) {
      text = firstCopy(text, text.match(LIGHTNING_HEADER)[0]);
      rows = lightningRows(text);
      format = "Lightning ModelSummary table";
      const total = text.match(LIGHTNING_TOTAL);
      const bounds = total ? lightningCountRange(total[1].trim()) : null;
      if (bounds) {
        totals = { total_text: total[1].trim(), total_low: bounds[0], total_high: bounds[1],
                   total_params: bounds[0] === bounds[1] ? bounds[0] : null };
      }
    } else {
      rows = firstTree(treeRows(text));
      format = "PyTorch print(model) tree";
    }
    if (format !== "Lightning ModelSummary table" && format !== "PyTorch print(model) tree") {
      const total = text.match(TOTALS.total_params);
      if (total) {
        const value = count(total[1]);
        totals = { total_params: value, total_low: value, total_high: value, total_text: grouped(value) };
      }
    }
    if (!rows.length) {
      throw new Error("not a PyTorch printout: no module like '(lstm): LSTM(4, 2)' " +
                      "or table row like 'LSTM-1  [-1, 5, 2]  64' was found");
    }
    return Object.assign({ format, rows, family: NAME, total_params: null, total_low: null, total_high: null,
                           total_text: "" }, totals);
  }

  const read = (text) => [parseTorchPrintout(text)];

  // Asked before Keras: see the comment at the top.
  window.lstmSummary.families.unshift({ NAME, looksLike, read, RECURRENT_TYPES: {}, OTHER_TYPES: [], RECURRENT_MODULES });
})();
