/* The browser's summary reader, part 2 of 4: the Keras family (lstm_explained/summary_formats/keras.py).
 *
 * The type tables come from the package (window.lstmExplainedData.SUMMARY_KERAS); the regular
 * expressions and the layouts' logic are ported here, function by function.
 */
(function () {
  "use strict";

  const { NAME, RECURRENT_TYPES, OTHER_TYPES } = window.lstmExplainedData.SUMMARY_KERAS;

  const TUPLE = String.raw`\((?:None|\d+|\?)?(?:,\s*(?:None|\d+|\?))*,?\)`;
  const CUT_TUPLE = String.raw`\((?:None|\d+)(?:,\s*(?:None|\d+))*,?`;
  const SHAPE = String.raw`\[${TUPLE}(?:,\s*${TUPLE})*(?:\]|,\s*${CUT_TUPLE}|,)?|\[${CUT_TUPLE}|${TUPLE}|${CUT_TUPLE}|multiple|\?`;
  const ROW_SOURCE = String.raw`(?<first>[^\s()\[\]'│]+(?:\s+\([^()\s]*\)?)?)\s+(?<shape>${SHAPE})\s+(?<params>\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]\d)`;
  const ROW = new RegExp(ROW_SOURCE, "g");
  const FIRST_COLUMN = /^(?<name>[^\s(]+)\s*(?:\((?<type>[^()]*)(?<closed>\))?)?$/;
  const HEADER = /Layer\s*\(type\)\s*.*?Param\s*#(?:\s*Connected to)?/i;
  const RULE = /^[_=━─┏┓┗┛┡┩┳┻╇┃│├┤┼└┘┬┴\s]*$/;
  const TOTALS = {
    total_params: /(?<![\w-])Total params:\s*(\d[\d,]*)/i,
    trainable_params: /(?<![\w-])Trainable params:\s*(\d[\d,]*)/i,
    non_trainable_params: /(?<![\w-])Non-trainable params:\s*(\d[\d,]*)/i,
    optimizer_params: /(?<![\w-])Optimizer params:\s*(\d[\d,]*)/i,
  };
  const COUNT_ALONE = /^\s*\d{1,3}(?:,\d{3})+\s*$|^\s*\d+\s*$/;
  const ROW_WITHOUT_COUNT = new RegExp(String.raw`^\s*[^\s()\[\]']+\s+\([^()\s]*\)?\s+(?:${SHAPE})\s*$`);
  const LOOKS_LIKE_ROW = /^\s*[\w./-]+\s+\([A-Z][A-Za-z0-9]*\)?\s+\S.*\d\s*$/;
  const WRAPPED_TYPE_END = /^\w*\)$/;
  const WRAPPED_NAME_END = /^[\w./-]*(?:\s*\(\w*\)?)?$/;
  const CONNECTION = /([\w./-]+)\[\d*(?:\]\[\d*)?[\]…]/g;
  const BOX_LINE = "│";
  const VERTICALS = "│┃|";
  const BOX_RULE = /^\s*[━─┏┓┗┛┡┩┳┻╇├┤┼└┘┬┴┌┐╞╡╪═+|-]*[━─═-][━─┏┓┗┛┡┩┳┻╇├┤┼└┘┬┴┌┐╞╡╪═+|-]*\s*$/;

  const count = (text) => Number(text.replace(/,/g, ""));
  const hasVertical = (line) => [...VERTICALS].some((character) => line.includes(character));

  function splitFirstColumn(text) {
    const cleaned = text.replace(/^[\s|└]+/, "").trim();
    const match = cleaned.match(FIRST_COLUMN);
    if (!match) return [cleaned, "", false];
    return [match.groups.name, (match.groups.type || "").trim(), Boolean(match.groups.closed)];
  }

  const connections = (text) => [...(text || "").matchAll(CONNECTION)].map((match) => match[1]);

  function boxStyle(text) {
    if ([..."┃┏┡━"].some((character) => text.includes(character))) return "heavy";
    if (text.includes(BOX_LINE)) return "square";
    if (/^\s*(?:\|.*\|\s*|\+-[-+]*\+?\s*)$/m.test(text)) return "ASCII";
    return null;
  }

  function cellsOf(line) {
    let stripped = line.trim();
    if (VERTICALS.includes(stripped.slice(0, 1)) && stripped) stripped = stripped.slice(1);
    const closed = Boolean(stripped) && VERTICALS.includes(stripped.slice(-1));
    if (closed) stripped = stripped.slice(0, -1);
    return [stripped.split(/[│┃|]/), closed];
  }

  function mergeCells(linesCells, column) {
    let text = "";
    let filled = false;
    for (const cells of linesCells) {
      const part = column < cells.length ? cells[column].trim() : "";
      if (!part) continue;
      text = filled || !text ? `${text}${part}` : `${text} ${part}`;
      filled = part.length >= cells[column].length - 2;
    }
    return text;
  }

  function boxRows(lines) {
    const groups = [];
    let current = [];
    for (const line of lines) {
      if (!line.trim()) continue;
      if (BOX_RULE.test(line)) {
        if (current.length) groups.push(current);
        current = [];
        groups.push(null);
      } else if (hasVertical(line)) {
        current.push([line, ...cellsOf(line)]);
      } else if (current.length) {
        groups.push(current);
        current = [];
      }
    }
    if (current.length) groups.push(current);
    const headerAt = groups.findIndex((group) => group && group.map(([line]) => line).join(" ").includes("Layer"));
    if (headerAt < 0) {
      throw new Error("this looks like a Keras 3 table, but its header row (┃ Layer (type) ┃ ...) is missing");
    }
    const headerLines = groups[headerAt];
    const headerCells = headerLines.map(([, cells]) => cells);
    const width = Math.max(...headerCells.map((cells) => cells.length));
    const header = [];
    for (let column = 0; column < width; column += 1) {
      header.push(headerCells.filter((cells) => column < cells.length && cells[column].trim())
        .map((cells) => cells[column].trim()).join(" "));
    }
    const columns = {};
    header.forEach((name, index) => {
      const words = name.split(/\s+/).filter(Boolean);
      if (words.length) columns[words[0].toLowerCase()] = index;
    });
    const paramColumn = "param" in columns ? columns.param : 2;
    const countEnd = Math.max(-1, ...headerLines.map(([line]) => line.indexOf("#")));
    const cell = (cells, name, fallback) => {
      const index = name in columns ? columns[name] : fallback;
      return index !== null && index < cells.length ? cells[index].trim() : "";
    };
    const rows = [];
    const unread = [];
    let afterRule = true;
    for (const group of groups.slice(headerAt + 1)) {
      if (group === null) {
        afterRule = true;
        continue;
      }
      for (const [line, cells, closed] of group) {
        const countText = cell(cells, "param", 2);
        const cut = !closed && paramColumn === cells.length - 1 && countEnd > 0 &&
          line.trimEnd().length <= countEnd && Boolean(countText);
        if (cut) {
          unread.push(line.trim());
          afterRule = false;
          rows.push(null);
          continue;
        }
        if (afterRule || (cell(cells, "layer", 0) && countText) || !rows.length) {
          rows.push([cells]);
        } else if (rows[rows.length - 1] !== null) {
          rows[rows.length - 1].push(cells);
        }
        afterRule = false;
      }
    }
    const parsed = [];
    for (const row of rows) {
      if (row === null) continue;
      const rowWidth = Math.max(...row.map((cells) => cells.length));
      const merged = [];
      for (let column = 0; column < rowWidth; column += 1) merged.push(mergeCells(row, column));
      const mergedCell = (name, fallback) => {
        const index = name in columns ? columns[name] : fallback;
        return index !== null && index < merged.length ? merged[index] : "";
      };
      const first = mergedCell("layer", 0);
      const shape = mergedCell("output", 1);
      const connected = mergedCell("connected", null);
      const params = mergedCell("param", 2).match(/^(\d[\d,]*)\s*(\(unbuilt\))?/);
      if (!first) continue;
      if (!params) {
        unread.push(merged.filter(Boolean).join(" "));
        continue;
      }
      const [name, type, closed] = splitFirstColumn(first);
      parsed.push({ name, type, type_complete: closed, output_shape: shape, params: count(params[1]),
                    connected_to: connections(connected), notes: [], built: !params[2] });
    }
    return [parsed, "connected" in columns, unread];
  }

  function joinWrappedCounts(lines) {
    const joined = [];
    for (const line of lines) {
      if (COUNT_ALONE.test(line) && joined.length && ROW_WITHOUT_COUNT.test(joined[joined.length - 1])) {
        joined[joined.length - 1] = `${joined[joined.length - 1].trimEnd()}  ${line.trim()}`;
      } else {
        joined.push(line);
      }
    }
    return joined;
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
    const unread = [];
    for (const line of joinWrappedCounts(body.split("\n"))) {
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
      if (LOOKS_LIKE_ROW.test(line)) {
        unread.push(line.trim());
        continue;
      }
      if (!rows.length) continue;
      const aligned = shapeColumn !== null && line.length > shapeColumn;
      const part = aligned ? line.slice(0, shapeColumn).trim() : line.trim();
      let other = aligned ? line.slice(shapeColumn).trim() : "";
      const first = rows[rows.length - 1][0];
      const incomplete = !first.includes("(") || !first.trimEnd().endsWith(")");
      const completes = first.includes("(") ? WRAPPED_TYPE_END.test(part) : WRAPPED_NAME_END.test(part);
      if (part && incomplete && completes) {
        rows[rows.length - 1][0] = first + part;
      } else {
        other = `${part} ${other}`;
      }
      rows[rows.length - 1][3] += " " + other;
    }
    const parsed = rows.map(([first, shape, params, rest]) => {
      const [name, type, closed] = splitFirstColumn(first);
      const cut = (shape.match(/\(/g) || []).length > (shape.match(/\)/g) || []).length;
      const wholeFirst = shape.startsWith("[") && shape.includes(")");
      const notes = cut ? [`the Output Shape was cut at the column ('${shape}'): ` +
        (wholeFirst ? "its first tuple is whole" : "its last number may be cut too")] : [];
      return { name, type, type_complete: closed, output_shape: shape, params,
               connected_to: hasConnections ? connections(rest) : [], notes,
               built: !rest.trimStart().startsWith("(unbuilt)") };
    });
    return [parsed, hasConnections, unread];
  }

  const hasHeader = (text) => HEADER.test(text) || TOTALS.total_params.test(text);
  const looksLike = (text) => boxStyle(text) !== null || hasHeader(text);

  function headerLead(line) {
    const boxed = hasVertical(line) && !/\d/.test(line);
    return BOX_RULE.test(line) || RULE.test(line) || boxed;
  }

  function allMatches(pattern, text) {
    return [...text.matchAll(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g"))];
  }

  function splitModels(text) {
    const headers = allMatches(/Layer\s*\(type\)/, text).map((match) => match.index);
    const starts = [0];
    for (let index = 1; index < headers.length; index += 1) {
      const previous = headers[index - 1];
      const header = headers[index];
      const between = text.slice(previous, header);
      const modelLine = allMatches(/^[ \t]*Model:/m, between).map((match) => match.index);
      const totals = Object.values(TOTALS).flatMap((pattern) =>
        allMatches(pattern, between).map((match) => match.index + match[0].length));
      let cut;
      if (modelLine.length) {
        cut = previous + modelLine[modelLine.length - 1];
      } else if (totals.length) {
        cut = previous + Math.max(...totals);
      } else {
        cut = text.lastIndexOf("\n", header - 1) + 1;
        while (cut > previous) {
          const lineStart = (cut >= 2 ? text.lastIndexOf("\n", cut - 2) : -1) + 1;
          if (!headerLead(text.slice(lineStart, cut - 1))) break;
          cut = lineStart;
        }
      }
      starts.push(cut);
    }
    return starts.map((start, index) => text.slice(start, index + 1 < starts.length ? starts[index + 1] : text.length));
  }

  function layoutName(text, style) {
    if (style === "heavy") return "Keras 3 table";
    if (style === "square") return "Keras 3 table in rich's square box (a legacy Windows console, or R's keras3)";
    if (style === "ASCII") return "Keras 3 table in an ASCII box (a console that is not UTF-8)";
    if (/\[\(/.test(text)) return "Keras 2 or tf.keras 2 text table";
    if (!/\S  +\S/.test(text)) return "text table whose spaces were collapsed (a web copy)";
    return "Keras 1 or 2 text table";
  }

  function readOne(text) {
    const style = boxStyle(text);
    const [rows, hasConnections, unread] = style !== null ? boxRows(text.split("\n")) : textRows(text);
    const totals = {};
    for (const [key, pattern] of Object.entries(TOTALS)) {
      const match = text.match(pattern);
      totals[key] = match ? count(match[1]) : null;
    }
    const name = text.match(/^[ \t]*Model:[ \t]*"?([^\s"]+)/m);
    return { rows, layout: layoutName(text, style), family: NAME, hasConnections, unread_lines: unread,
             model_name: name ? name[1] : null, ...totals };
  }

  function read(text) {
    const summaries = splitModels(text).map(readOne);
    const typed = summaries.some((summary) => summary.rows.some((row) => row.type));
    if (!summaries.some((summary) => summary.rows.length || summary.unread_lines.length) || !(typed || hasHeader(text))) {
      throw new Error(
        "not a Keras model summary: no row like 'lstm (LSTM)  (None, 2)  56' " +
        "(name, type, output shape, parameter count) was found"
      );
    }
    return summaries.filter((summary) => summary.rows.length || summary.unread_lines.length);
  }

  window.lstmSummary.families.push({ NAME, looksLike, read, RECURRENT_TYPES, OTHER_TYPES });
})();
