/* The browser's summary reader, part 3 of 4: rows -> readings (lstm_explained/summary_readings.py). */
(function () {
  "use strict";

  const { family, grouped } = window.lstmSummary;
  const KINDS = { lstm: ["LSTM", 4], gru: ["GRU", 3], simple_rnn: ["SimpleRNN", 1] };
  const RESET_AFTER_DEFAULTS =
    "reset_after=True is the default of tf.keras in TensorFlow 2 and of Keras 3; " +
    "reset_after=False was the default of standalone Keras 2 and of TensorFlow 1's tf.keras";

  function lastAxis(shape) {
    const first = (shape || "").match(/\(([^()]*)\)/);
    if (!first) return null;
    const axes = first[1].split(",").map((axis) => axis.trim()).filter(Boolean);
    return axes.length && /^\d+$/.test(axes[axes.length - 1]) ? Number(axes[axes.length - 1]) : null;
  }

  function readType(printed, complete, types) {
    const own = (name) => types.RECURRENT_TYPES[name] || [[], false];
    if (complete || !printed) {
      const [kinds, bidirectional] = own(printed);
      return [kinds, bidirectional, printed];
    }
    const matches = [...Object.keys(types.RECURRENT_TYPES), ...types.OTHER_TYPES].filter((name) => name.startsWith(printed));
    const kinds = Object.keys(KINDS).filter((kind) => matches.some((name) => own(name)[0].includes(kind)));
    const bidirectional = matches.some((name) => own(name)[1]);
    return [kinds, bidirectional, matches.join(" or ")];
  }

  function biasRows(kind, resetAfter) {
    return kind === "gru" && resetAfter ? 2 : 1;
  }

  function paramFormula(kind, inputDim, units, resetAfter) {
    const gates = KINDS[kind][1];
    const rows = biasRows(kind, resetAfter);
    const bias = rows === 1 ? ` + ${units}` : ` + ${rows}·${units}`;
    const numbers = `${units}·${inputDim} + ${units}·${units}${bias}`;
    const plugged = gates > 1 ? `${gates} × (${numbers})` : numbers;
    return `${plugged} = ${gates * units * (inputDim + units + rows)}`;
  }

  function solveInputDim(kind, units, total, resetAfter) {
    // count = gates · units · (d + units + bias rows): solve for a whole d of at least 1.
    const perInput = KINDS[kind][1] * units;
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
          formula = KINDS[kind][1] > 1 ? `2 × ${inner} = ${params}` : `2 × (${inner}) = ${params}`;
        }
        found.push({ kind, units, input_dim: inputDim, bidirectional, reset_after: resetAfter, formula });
      }
    }
    return found;
  }

  function describe(candidate) {
    let layer = `${KINDS[candidate.kind][0]}(${candidate.units}`;
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
      notes.push(`no ${kinds.map((kind) => KINDS[kind][0]).join(" or ")} with use_bias=True reproduces ` +
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

  function explainRows(summary) {
    const types = family(summary.family);
    const outputs = {};
    const layers = [];
    let previous = null;
    for (const row of summary.rows) {
      const [kinds, bidirectional, typeRead] = readType(row.type, row.type_complete, types);
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
    return layers;
  }

  Object.assign(window.lstmSummary, { explainRows, describe, lastAxis });
})();
