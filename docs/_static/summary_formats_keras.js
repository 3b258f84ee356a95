/* The browser's summary reader, part 2 of 4: the Keras family (lstm_explained/summary_formats/keras.py). */
(function () {
  "use strict";

  const NAME = "Keras";
  const ALL_KINDS = ["lstm", "gru", "simple_rnn"];
  const RECURRENT_TYPES = {
    LSTM: [["lstm"], false], GRU: [["gru"], false], SimpleRNN: [["simple_rnn"], false],
    RNN: [ALL_KINDS, false], Bidirectional: [ALL_KINDS, true],
  };
  const OTHER_TYPES = ["InputLayer", "Dense", "Embedding", "TimeDistributed", "Dropout", "Activation",
                       "Flatten", "RepeatVector", "Reshape", "Masking", "Concatenate", "Conv1D"];

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

  const count = (text) => Number(text.replace(/,/g, ""));
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

  const looksLike = (text) => text.includes(BOX_LINE) || hasHeader(text);

  function read(text) {
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
    return [{ rows, layout, family: NAME, hasConnections, ...totals }];
  }

  window.lstmSummary.families.push({ NAME, looksLike, read, RECURRENT_TYPES, OTHER_TYPES });
})();
