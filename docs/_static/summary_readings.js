/* The browser's summary reader, part 3 of 4: rows -> readings (lstm_explained/summary_readings.py).
 *
 * The kinds, their names and the sentences come from the package (window.lstmExplainedData.SUMMARY);
 * the logic is ported here, function by function.
 */
(function () {
  "use strict";

  const { family } = window.lstmSummary;
  const { grouped } = window.lstmExplainedCore;
  const { BIAS_ROWS } = window.lstmExplainedData;
  const {
    SUMMARY_KINDS, CONV_DIMS, CONV_READINGS_SHOWN, RESET_AFTER_DEFAULTS, KIND_NOTES, UNBUILT,
  } = window.lstmExplainedData.SUMMARY;
  const NAMES_RECURRENT = /LSTM|GRU|RNN/i;

  const plural = (number, word) => (number === 1 ? `${number} ${word}` : `${number} ${word}s`);
  const kindName = (kind) => SUMMARY_KINDS[kind][0];
  const gatesOf = (kind) => SUMMARY_KINDS[kind][1];
  const isConv = (kind) => kind in CONV_DIMS;
  const python = (flag) => (flag ? "True" : "False");
  const tupleText = (sides) => (sides.length === 1 ? `(${sides[0]},)` : `(${sides.join(", ")})`);

  function lastAxis(shape) {
    const first = (shape || "").match(/\(([^()]*)\)/);
    if (!first) return null;
    const axes = first[1].split(",").map((axis) => axis.trim()).filter(Boolean);
    return axes.length && /^\d+$/.test(axes[axes.length - 1]) ? Number(axes[axes.length - 1]) : null;
  }

  function shapeAxes(shape) {
    const first = (shape || "").match(/\(([^()]*)(\)?)/);
    if (!first) return [[], false];
    const axes = first[1].split(",").map((axis) => axis.trim()).filter(Boolean);
    return [axes.map((axis) => (/^\d+$/.test(axis) ? Number(axis) : null)), !first[2]];
  }

  function readType(printed, complete, types) {
    const own = (name) => types.RECURRENT_TYPES[name] || [[], false];
    if (complete || !printed) {
      const [kinds, bidirectional] = own(printed);
      return [kinds, bidirectional, printed];
    }
    const matches = [...Object.keys(types.RECURRENT_TYPES), ...types.OTHER_TYPES].filter((name) => name.startsWith(printed));
    const kinds = Object.keys(SUMMARY_KINDS).filter((kind) => matches.some((name) => own(name)[0].includes(kind)));
    const bidirectional = matches.some((name) => own(name)[1]);
    return [kinds, bidirectional, matches.join(" or ")];
  }

  function biasRows(kind, resetAfter) {
    return kind === "cudnn_lstm" || kind === "cudnn_gru" ? 2 : BIAS_ROWS[kind][String(resetAfter)];
  }

  function layerCount(kind, inputDim, units, resetAfter) {
    return gatesOf(kind) * units * (inputDim + units + biasRows(kind, resetAfter));
  }

  function countFormula(kind, inputDim, units, resetAfter) {
    const gates = gatesOf(kind);
    const rows = biasRows(kind, resetAfter);
    const bias = rows === 1 ? ` + ${units}` : ` + ${rows}·${units}`;
    const numbers = `${units}·${inputDim} + ${units}·${units}${bias}`;
    const plugged = gates > 1 ? `${gates} × (${numbers})` : numbers;
    return `${plugged} = ${grouped(layerCount(kind, inputDim, units, resetAfter))}`;
  }

  function solveInputDim(kind, units, total, resetAfter) {
    const perInput = gatesOf(kind) * units;
    if (total % perInput) return null;
    const inputDim = total / perInput - units - biasRows(kind, resetAfter);
    return inputDim >= 1 ? inputDim : null;
  }

  const candidate = (kind, units, inputDim, bidirectional, resetAfter, formula, kernelSize = null, dataFormat = null) =>
    ({ framework: "keras", kind, units, input_dim: inputDim, bidirectional, reset_after: resetAfter, formula, kernel_size: kernelSize,
       data_format: dataFormat });

  function readings(kinds, units, params, bidirectional) {
    const directions = bidirectional ? 2 : 1;
    if (params % directions) return [];
    const found = [];
    for (const kind of kinds) {
      if (isConv(kind)) continue;
      for (const resetAfter of kind === "gru" ? [true, false] : [null]) {
        const flag = resetAfter === null ? true : resetAfter;
        const inputDim = solveInputDim(kind, units, params / directions, flag);
        if (inputDim === null) continue;
        let formula = countFormula(kind, inputDim, units, flag);
        if (bidirectional) {
          const inner = formula.slice(0, formula.lastIndexOf(" = "));
          formula = gatesOf(kind) > 1 ? `2 × ${inner} = ${grouped(params)}` : `2 × (${inner}) = ${grouped(params)}`;
        }
        found.push(candidate(kind, units, inputDim, bidirectional, resetAfter, formula));
      }
    }
    return found;
  }

  const convCount = (kernel, channels, filters) => 4 * (kernel * (channels + filters) * filters + filters);

  function kernelSides(kernel, dims, squareOnly) {
    const side = Math.round(kernel ** (1 / dims));
    for (const guess of [side - 1, side, side + 1]) {
      if (guess >= 1 && guess ** dims === kernel) return Array(dims).fill(guess);
    }
    if (squareOnly) return null;
    let best = null;
    for (let first = 1; first <= kernel; first += 1) {
      if (kernel % first) continue;
      const rest = dims === 2 ? [kernel / first] : kernelSides(kernel / first, dims - 1, false);
      const sides = [first, ...rest].sort((a, b) => a - b);
      if (best === null || Math.max(...sides) - Math.min(...sides) < Math.max(...best) - Math.min(...best)) best = sides;
    }
    return best;
  }

  function convReadings(kind, filters, params, channels = null, dataFormat = "channels_last") {
    const dims = CONV_DIMS[kind];
    const rest = params / 4 - filters;
    if (params % 4 || rest <= 0 || rest % filters) return [];
    const perKernel = rest / filters;
    const found = [];
    for (let kernel = 1; kernel <= perKernel; kernel += 1) {
      if (perKernel % kernel || perKernel / kernel - filters < 1) continue;
      const foundChannels = perKernel / kernel - filters;
      if (channels !== null && foundChannels !== channels) continue;
      const sides = kernelSides(kernel, dims, channels === null);
      if (sides === null) continue;
      const inner = `${sides.join("·")}·(${foundChannels} + ${filters})·${filters} + ${filters}`;
      const formula = `4 × (${inner}) = ${grouped(convCount(kernel, foundChannels, filters))}`;
      found.push(candidate(kind, filters, foundChannels, false, null, formula, sides, dataFormat));
    }
    return found;
  }

  function channelsAxis(axes, dims, dataFormat) {
    if (dataFormat === "channels_last") return axes.length - 1;
    return axes.length === dims + 2 ? 1 : 2;
  }

  function explainConv(row, kind, knownInput) {
    const dims = CONV_DIMS[kind];
    const [axes, cut] = shapeAxes(row.output_shape);
    if (axes.length !== dims + 2 && axes.length !== dims + 3) {
      return [[], [`the output shape does not have the ${dims + 2} or ${dims + 3} axes of a ${kindName(kind)}, ` +
                   "so its filters cannot be read"]];
    }
    const previousAxes = knownInput ? shapeAxes(knownInput[0])[0] : [];
    const fits = previousAxes.length === dims + 2 || previousAxes.length === dims + 3;
    const unconfirmed = [];
    const notes = [];
    for (const dataFormat of ["channels_last", "channels_first"]) {
      if (dataFormat === "channels_last" && cut) {
        notes.push("the last axis was cut at the column, so it is not read as the filters");
        continue;
      }
      const filters = axes[channelsAxis(axes, dims, dataFormat)];
      if (!filters) continue;
      const where = dataFormat === "channels_last"
        ? `filters = ${filters} with data_format='channels_last' (Keras' default): the output's last axis`
        : `filters = ${filters} with data_format='channels_first': the axis after time`;
      const channels = fits ? previousAxes[channelsAxis(previousAxes, dims, dataFormat)] : null;
      if (channels !== null && channels !== undefined) {
        const exact = convReadings(kind, filters, row.params, channels, dataFormat);
        if (exact.length) {
          return [exact, [...notes, where, `input channels ${channels} from ${knownInput[1]}: the kernel's size follows`]];
        }
      }
      const found = convReadings(kind, filters, row.params, null, dataFormat);
      if (found.length) {
        notes.push(where);
        if (found.length > CONV_READINGS_SHOWN) {
          notes.push(`${found.length - CONV_READINGS_SHOWN} more readings with ${dataFormat} and larger kernels ` +
                     "are not listed");
        }
        unconfirmed.push(...found.slice(0, CONV_READINGS_SHOWN));
      }
    }
    if (!unconfirmed.length) {
      notes.push(`no ${kindName(kind)} with use_bias=True reproduces ${grouped(row.params)} with its filters on ` +
                 "the last axis or on the axis after time");
      return [[], notes];
    }
    if (knownInput !== null && fits) {
      notes.push(`${knownInput[1]} gives no input channels that fit, so the readings are not narrowed`);
    }
    if (unconfirmed.length > 1) {
      notes.push("the count fixes the kernel's size times (channels + filters), not each: every square " +
                 "kernel that fits is listed, smallest first (a kernel that is not square, with the same " +
                 "number of cells, fits too)");
    }
    return [unconfirmed, notes];
  }

  function explainRecurrent(row, kinds, bidirectional, typeRead, knownInput) {
    const notes = [];
    if (!row.type_complete && row.type) notes.push(`the type was cut at the column: '${row.type}' is read as ${typeRead}`);
    if (kinds.length === 1) {
      for (const kind of kinds) if (kind in KIND_NOTES) notes.push(KIND_NOTES[kind]);
    }
    if (kinds.length === 1 && isConv(kinds[0])) {
      const [found, convNotes] = explainConv(row, kinds[0], knownInput);
      return [found, [...notes, ...convNotes]];
    }
    const width = lastAxis(row.output_shape);
    if (!width) {
      if (shapeAxes(row.output_shape)[1]) {
        return [[], [...notes, "the output shape was cut before its last axis, so units cannot be read"]];
      }
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
    const size = knownInput ? lastAxis(knownInput[0]) : null;
    if (size !== null) {
      const source = knownInput[1];
      const agreeing = found.filter((reading) => reading.input_dim === size);
      if (agreeing.length) {
        notes.push(`input size ${size} from ${source}: kept only the readings with ${plural(size, "feature")}`);
        found = agreeing;
      } else if (found.length) {
        notes.push(`${source} suggests ${plural(size, "input feature")}, but no reading with ${size} reproduces the count`);
      }
    }
    if (!found.length) {
      const causes = bidirectional ? "another merge_mode, use_bias=False" : "use_bias=False";
      const names = kinds.filter((kind) => !isConv(kind)).map(kindName).join(" or ");
      notes.push(`no ${names} with use_bias=True reproduces ${grouped(row.params)}: ${causes} or a custom cell would explain it`);
    }
    const foundKinds = [...new Set(found.map((reading) => reading.kind))].filter((kind) => kind in KIND_NOTES).sort();
    for (const kind of foundKinds) if (kinds.length > 1) notes.push(KIND_NOTES[kind]);
    const gruModes = new Set(found.filter((reading) => reading.kind === "gru").map((reading) => reading.reset_after));
    if (gruModes.size === 2) notes.push(`a GRU fits with both reset_after settings: ${RESET_AFTER_DEFAULTS}`);
    return [found, notes];
  }

  function explainOther(row, typeRead, knownInput) {
    const width = lastAxis(row.output_shape);
    if (row.params === 0) return "not recurrent; no parameters";
    const knownSize = knownInput ? lastAxis(knownInput[0]) : null;
    if (typeRead === "Dense" && width) {
      let inputs = Math.floor((row.params - width) / width);
      let remainder = row.params - width - inputs * width;
      if (knownSize !== null && knownSize * width + width === row.params) {
        inputs = knownSize;
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

  function cutTypeNote(row, typeRead) {
    if (typeRead) return `the type was cut at the column: '${row.type}' is read as ${typeRead}`;
    return `the type was cut at the column: '${row.type}' starts no type this tool knows, so it is read as an unknown layer`;
  }

  function explainRow(row, types, knownInput) {
    const [kinds, bidirectional, typeRead] = readType(row.type, row.type_complete, types);
    const layer = { name: row.name, type: row.type, output_shape: row.output_shape, params: row.params, built: row.built };
    if (!row.built) return { ...layer, recurrent: kinds.length > 0, candidates: [], notes: [...row.notes, UNBUILT] };
    if (kinds.length) {
      const [candidates, notes] = explainRecurrent(row, kinds, bidirectional, typeRead, knownInput);
      return { ...layer, recurrent: true, candidates, notes: [...row.notes, ...notes] };
    }
    if (NAMES_RECURRENT.test(typeRead || row.type)) {
      const note = `a recurrent layer this tool cannot count yet (${typeRead || row.type}): its count is not read back into sizes`;
      return { ...layer, recurrent: true, candidates: [], notes: [...row.notes, note] };
    }
    let note = explainOther(row, typeRead, knownInput);
    if (!row.type_complete && row.type) note += ` (${cutTypeNote(row, typeRead)})`;
    return { ...layer, recurrent: false, candidates: [], notes: [...row.notes, note] };
  }

  function explainRows(summary) {
    const types = family(summary.family);
    const outputs = Object.create(null);
    const layers = [];
    let previous = null;
    for (const row of summary.rows) {
      let knownInput = null;
      if (summary.hasConnections) {
        const inbound = row.connected_to[0];
        if (row.connected_to.length === 1 && inbound in outputs) knownInput = [outputs[inbound], `the output of ${inbound}`];
      } else if (previous !== null) {
        knownInput = [previous.output_shape, `the row above (${previous.name})`];
      }
      layers.push(explainRow(row, types, knownInput));
      outputs[row.name] = row.output_shape;
      previous = row;
    }
    return layers;
  }

  // The reading as Keras code would write it. (Candidate.describe)
  function describe(reading) {
    let layer = `${kindName(reading.kind)}(${reading.units}`;
    if (reading.kernel_size !== null) {
      const layout = reading.data_format === "channels_first" ? ", data_format='channels_first'" : "";
      layer += `, kernel_size=${tupleText(reading.kernel_size)}${layout})`;
    }
    else if (reading.reset_after !== null) layer += `, reset_after=${python(reading.reset_after)})`;
    else layer += ")";
    if (reading.bidirectional) layer = `Bidirectional(${layer})`;
    const inputs = plural(reading.input_dim, reading.kernel_size !== null ? "channel" : "feature");
    return `${layer} on ${inputs}: ${reading.formula}`;
  }

  Object.assign(window.lstmSummary, { explainRows, describe, plural });
})();
