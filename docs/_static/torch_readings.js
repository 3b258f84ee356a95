/* The browser's summary reader: PyTorch rows -> readings and report (lstm_explained/torch_readings.py).
 *
 * PyTorch's per-layer formula plugged in and summed, the same layer in Keras, every reading of an
 * open count. Load after summary_formats_torch.js; summary.js hands the PyTorch family's rows here.
 */
(function () {
  "use strict";

  const { grouped } = window.lstmSummary;
  const RECURRENT_MODULES = { LSTM: ["lstm", false], GRU: ["gru", false], RNN: ["simple_rnn", false],
                              LSTMCell: ["lstm", true], GRUCell: ["gru", true], RNNCell: ["simple_rnn", true] };
  const GATES = { lstm: 4, gru: 3, simple_rnn: 1 };
  const MAX_LAYERS = 3;
  const MAX_LISTED = 30;
  const TORCH_NAMES = { lstm: "LSTM", gru: "GRU", simple_rnn: "RNN" };
  const KERAS_NAMES = { lstm: "LSTM", gru: "GRU", simple_rnn: "SimpleRNN" };
  const title = (flag) => (flag ? "True" : "False");

  function torchModule(kind, inputSize, hiddenSize, numLayers = 1, bidirectional = false, projSize = 0,
                       bias = true, cell = false, nonlinearity = "tanh") {
    return { kind, input_size: inputSize, hidden_size: hiddenSize, num_layers: numLayers, bidirectional,
             proj_size: projSize, bias, cell, nonlinearity };
  }

  function code(module) {
    const name = TORCH_NAMES[module.kind] + (module.cell ? "Cell" : "");
    const settings = [`input_size=${module.input_size}`, `hidden_size=${module.hidden_size}`];
    if (!module.cell) {
      settings.push(`num_layers=${module.num_layers}`, `bidirectional=${title(module.bidirectional)}`,
                    `proj_size=${module.proj_size}`);
    }
    settings.push(`bias=${title(module.bias)}`);
    if (module.kind === "simple_rnn" && module.nonlinearity !== "tanh") settings.push(`nonlinearity='${module.nonlinearity}'`);
    return `nn.${name}(${settings.join(", ")})`;
  }

  function term(kind, inputSize, hiddenSize, projSize, bias) {
    const gates = GATES[kind];
    const recurrent = projSize || hiddenSize;
    const parts = [`${hiddenSize}·${inputSize}`, `${hiddenSize}·${recurrent}`];
    if (bias) parts.push(`2·${hiddenSize}`);
    const inner = parts.join(" + ");
    let text = gates > 1 ? `${gates} × (${inner})` : inner;
    let total = gates * hiddenSize * (inputSize + recurrent + (bias ? 2 : 0));
    if (projSize) {
      text += ` + ${projSize}·${hiddenSize}`;
      total += projSize * hiddenSize;
    }
    return [total, `${text} = ${total}`];
  }

  function layerTerms(module) {
    const directions = module.bidirectional ? ["forward", "backward"] : ["forward"];
    const outputWidth = directions.length * (module.proj_size || module.hidden_size);
    const terms = [];
    for (let layer = 0; layer < module.num_layers; layer += 1) {
      const layerInput = layer === 0 ? module.input_size : outputWidth;
      for (const direction of directions) {
        const [total, formula] = term(module.kind, layerInput, module.hidden_size, module.proj_size, module.bias);
        terms.push({ layer, direction, input_size: layerInput, count: total, formula });
      }
    }
    return terms;
  }

  const torchCount = (module) => layerTerms(module).reduce((sum, item) => sum + item.count, 0);

  function kerasCount(kind, inputDim, units, useBias) {
    const rows = useBias ? (kind === "gru" ? 2 : 1) : 0;
    return GATES[kind] * units * (inputDim + units + rows);
  }

  function kerasEquivalent(module) {
    if (module.proj_size) {
      return [null, "no Keras layer", "Keras has no LSTM with a projection (proj_size), so no Keras layer holds these weights"];
    }
    const options = module.bias ? [] : ["use_bias=False"];
    if (module.kind === "simple_rnn" && module.nonlinearity !== "tanh") options.push(`activation='${module.nonlinearity}'`);
    let layer = `${KERAS_NAMES[module.kind]}${module.cell ? "Cell" : ""}(${[String(module.hidden_size), ...options].join(", ")})`;
    if (module.bidirectional) layer = `Bidirectional(${layer})`;
    const directions = module.bidirectional ? 2 : 1;
    const inputs = layerTerms(module).map((item) => item.input_size).filter((_, index) => index % directions === 0);
    const total = inputs.reduce((sum, size) => sum + kerasCount(module.kind, size, module.hidden_size, module.bias) * directions, 0);
    let described = `${layer} on ${inputs[0]} features`;
    if (module.num_layers > 1) {
      described = `${module.num_layers} stacked ${layer} layers (on ${inputs.join(", then ")} features)`;
    }
    const gates = GATES[module.kind];
    let why;
    if (!module.bias) {
      why = "the same count: neither framework has a bias here (use_bias=False in Keras)";
    } else if (module.kind === "gru") {
      why = "the same count: Keras' GRU with reset_after=True (its default) also keeps two bias vectors";
    } else {
      const fewer = gates > 1 ? `${gates}·${module.hidden_size} = ${gates * module.hidden_size}` : `${module.hidden_size}`;
      why = "Keras keeps one bias vector where PyTorch keeps two (bias_ih and bias_hh): " +
        `${fewer} fewer per layer and direction`;
    }
    return [total, described, why];
  }

  function readArguments(type, text) {
    const [kind, cell] = RECURRENT_MODULES[type];
    const positional = [];
    const named = {};
    for (const part of text.split(",").map((piece) => piece.trim())) {
      if (part.includes("=")) {
        const at = part.indexOf("=");
        const key = part.slice(0, at).trim();
        named[key] = part.slice(at + 1).trim().replace(/^['"]+|['"]+$/g, "");
      } else if (part) {
        positional.push(part);
      }
    }
    ["input_size", "hidden_size", "num_layers"].forEach((key, index) => {
      if (index < positional.length && !(key in named)) named[key] = positional[index];
    });
    const integer = (value) => (/^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : NaN);
    if (!("input_size" in named) || !("hidden_size" in named)) return null;
    const values = [integer(named.input_size), integer(named.hidden_size),
                    integer(named.num_layers === undefined ? "1" : named.num_layers),
                    integer(named.proj_size === undefined ? "0" : named.proj_size)];
    if (values.some(Number.isNaN)) return null;
    const [inputSize, hiddenSize, numLayers, projSize] = values;
    return torchModule(kind, inputSize, hiddenSize, numLayers, named.bidirectional === "True", projSize,
                       named.bias !== "False", cell, named.nonlinearity === undefined ? "tanh" : named.nonlinearity);
  }

  function lists(shape) {
    return [...(shape || "").matchAll(/\[([^\[\]]*)\]/g)].map((match) => match[1]);
  }

  function lastAxis(shape, which = 0) {
    const found = lists(shape);
    if (found.length <= which) return null;
    const axes = found[which].split(",").map((axis) => axis.trim()).filter(Boolean);
    const last = axes[axes.length - 1];
    return axes.length && /^\d+$/.test(last) && Number(last) > 0 ? Number(last) : null;
  }

  function firstAxis(shape, which) {
    const found = lists(shape);
    if (found.length <= which) return null;
    const first = found[which].split(",").map((axis) => axis.trim())[0];
    return /^\d+$/.test(first) && Number(first) > 0 ? Number(first) : null;
  }

  function readings(kind, cell, low, high, options = {}) {
    const { inputSize = null, hiddenSize = null, outputWidth = null, numLayers = null, bidirectional = null,
            bias = null, projSize = 0 } = options;
    const found = [];
    for (const useBias of bias === null ? [true, false] : [bias]) {
      const directionsList = cell ? [1] : bidirectional === null ? [1, 2] : [bidirectional ? 2 : 1];
      for (const directions of directionsList) {
        const layersList = cell ? [1] : numLayers === null ? [1, 2, 3].slice(0, MAX_LAYERS) : [numLayers];
        for (const layers of layersList) {
          let shapes = [];
          if (hiddenSize !== null) {
            shapes = [[hiddenSize, projSize]];
          } else if (outputWidth !== null && outputWidth % directions === 0) {
            const width = outputWidth / directions;
            shapes = [[width, 0]];
            if (kind === "lstm" && !cell) {
              const top = Math.floor(high / (GATES[kind] * width)) + 2;
              for (let hidden = width + 1; hidden < top; hidden += 1) shapes.push([hidden, width]);
            }
          } else if (outputWidth === null) {
            const top = Math.floor(Math.sqrt(high)) + 2;
            for (let hidden = 1; hidden < top; hidden += 1) shapes.push([hidden, 0]);
          }
          for (const [hidden, projection] of shapes) {
            const make = (d) => torchModule(kind, d, hidden, layers, directions === 2, projection, useBias, cell);
            const atOne = torchCount(make(1));
            if (atOne > high) continue;
            const slope = torchCount(make(2)) - atOne;
            if (inputSize !== null) {
              const total = torchCount(make(inputSize));
              if (low <= total && total <= high) found.push(make(inputSize));
            } else {
              const first = Math.max(1, 1 + Math.ceil((low - atOne) / slope));
              const last = 1 + Math.floor((high - atOne) / slope);
              for (let d = first; d <= last; d += 1) found.push(make(d));
            }
          }
        }
      }
    }
    return found;
  }

  function candidate(module, inputSizeMax = null) {
    const [kerasParams, kerasLayer, kerasReason] = kerasEquivalent(module);
    const countMax = inputSizeMax === null ? null : torchCount({ ...module, input_size: inputSizeMax });
    return { module, count: torchCount(module), terms: layerTerms(module), kerasParams, kerasLayer, kerasReason,
             inputSizeMax, countMax };
  }

  function candidateLines(reading, detailed) {
    const module = reading.module;
    const header = `${code(module)} = ${grouped(reading.count)}`;
    if (reading.inputSizeMax !== null) {
      const sizes = `input_size=${module.input_size} to ${reading.inputSizeMax}`;
      return [`${code(module).replace(`input_size=${module.input_size}`, sizes)} = ` +
              `${grouped(reading.count)} to ${grouped(reading.countMax)}`];
    }
    if (!detailed) return [header];
    const lines = [header];
    for (const item of reading.terms) {
      const where = module.cell ? "the cell" : `layer ${item.layer} ${item.direction}`;
      lines.push(`  ${where} (input ${item.input_size}): ${item.formula}`);
    }
    if (reading.terms.length > 1) {
      lines.push(`  sum: ${reading.terms.map((item) => String(item.count)).join(" + ")} = ${grouped(reading.count)}`);
    }
    if (reading.kerasParams === null) lines.push(`  Keras: ${reading.kerasReason}`);
    else lines.push(`  Keras: ${reading.kerasLayer} = ${grouped(reading.kerasParams)}; ${reading.kerasReason}`);
    return lines;
  }

  function candidateJson(reading) {
    const module = reading.module;
    const formula = reading.terms.map((item) => item.formula.slice(0, item.formula.lastIndexOf(" = "))).join(" + ");
    return {
      framework: "torch", kind: module.kind, module: code(module).split("(")[0],
      units: module.hidden_size, input_dim: module.input_size, bidirectional: module.bidirectional,
      num_layers: module.num_layers, proj_size: module.proj_size, bias: module.bias,
      params: reading.count, keras_params: reading.kerasParams,
      input_dim_max: reading.inputSizeMax, params_max: reading.countMax,
      formula: `${formula} = ${reading.count}`,
    };
  }

  function runs(found) {
    const byKey = new Map();
    for (const module of found) {
      const key = JSON.stringify({ ...module, input_size: 0 });
      const [first, last] = byKey.get(key) || [module, module.input_size];
      byKey.set(key, [first.input_size <= module.input_size ? first : module, Math.max(last, module.input_size)]);
    }
    return [...byKey.values()];
  }

  function otherCount(row) {
    const args = row.arguments || "";
    if (row.type === "Linear") {
      const match = args.match(/in_features=(\d+), out_features=(\d+)(?:, bias=(True|False))?/) ||
        args.match(/^(\d+) -> (\d+)(?:, bias=(True|False))?$/);
      if (match) {
        const inputs = Number(match[1]);
        const outputs = Number(match[2]);
        const bias = match[3] !== "False";
        return [inputs * outputs + (bias ? outputs : 0),
                bias ? `Linear: in·out + out = ${inputs}·${outputs} + ${outputs}` : `Linear: in·out = ${inputs}·${outputs}`];
      }
    }
    if (row.type === "Embedding") {
      const match = args.match(/^(\d+), (\d+)/);
      if (match) return [Number(match[1]) * Number(match[2]), `Embedding: words × dimensions = ${match[1]} × ${match[2]}`];
    }
    if (/^(?:Dropout\d?d?|ReLU|Tanh|Sigmoid|Softmax|LogSoftmax|Identity|Flatten|GELU|LeakyReLU)$/.test(row.type)) {
      return [0, "no parameters"];
    }
    return [null, null];
  }

  function explainRecurrent(row, previousWidth, low, high) {
    const [kind, cell] = RECURRENT_MODULES[row.type];
    if (row.arguments !== null) {
      const module = readArguments(row.type, row.arguments);
      if (module === null) return [[], [`its arguments (${row.arguments}) were not read as sizes`], 0];
      return [[candidate(module)], [], 0];
    }
    const notes = [];
    let inputSize = lastAxis(row.input_shape);
    const outputWidth = lastAxis(row.output_shape);
    const stateWidth = lastAxis(row.output_shape, 1);
    let hiddenSize = null;
    let bidirectional = null;
    let numLayers = null;
    let projSize = 0;
    if (inputSize !== null) {
      notes.push(`input_size ${inputSize}: the input shape's last axis`);
    } else if (previousWidth !== null) {
      inputSize = previousWidth;
      notes.push(`input_size ${inputSize}: the last axis of the output of the row above`);
    }
    if (stateWidth && outputWidth && (outputWidth === stateWidth || outputWidth === 2 * stateWidth)) {
      hiddenSize = stateWidth;
      bidirectional = outputWidth === 2 * stateWidth;
      notes.push(`hidden_size ${hiddenSize}: h_n's last axis (the second shape); output ${outputWidth} = ` +
                 `${bidirectional ? 2 : 1} × ${hiddenSize}, so ${bidirectional ? "both directions" : "one direction"}`);
      const cellStateWidth = lastAxis(row.output_shape, 2);
      if (kind === "lstm" && cellStateWidth && cellStateWidth !== stateWidth) {
        hiddenSize = cellStateWidth;
        projSize = stateWidth;
        notes.push(`proj_size ${projSize} and hidden_size ${hiddenSize}: the last axes of h_n and c_n`);
      }
      const stacked = firstAxis(row.output_shape, 1);
      const directions = bidirectional ? 2 : 1;
      if (stacked && !cell && stacked % directions === 0) {
        numLayers = stacked / directions;
        notes.push(`num_layers ${numLayers}: h_n's first axis ${stacked} = num_layers × directions`);
      }
    } else if (outputWidth !== null) {
      notes.push(`output's last axis ${outputWidth} = directions × hidden_size`);
    }
    if (kind === "lstm" && !cell && outputWidth === null) {
      notes.push("readings with proj_size are not listed: no output width is printed to give it");
    }
    if (low === 0) {
      notes.push("0 is a known bug of torchsummary 1.5.1, not this module's count: it counts only " +
                 "attributes named weight and bias, and PyTorch's recurrent modules store weight_ih_l0, " +
                 "weight_hh_l0, ...; its Total params leaves this module out");
      if (!(hiddenSize && inputSize)) {
        notes.push("the shapes printed do not give input_size and hidden_size, so the true count is open");
        return [[], notes, 0];
      }
      const layers = numLayers ? [numLayers] : cell ? [1] : [1, 2, 3].slice(0, MAX_LAYERS);
      if (layers.length > 1) {
        notes.push(`num_layers and bias are not printed: the true count for 1 to ${MAX_LAYERS} layers, with bias`);
      }
      return [layers.map((count) => candidate(torchModule(kind, inputSize, hiddenSize, count, bidirectional, 0, true, cell))),
              notes, 0];
    }
    if (low !== high) notes.push(`the count was rounded: ${row.params_text} is any count from ${grouped(low)} to ${grouped(high)}`);
    const openSizes = inputSize === null && outputWidth === null;
    let found;
    if (openSizes && low !== high) {
      notes.push("no sizes are printed, so only the defaults are tried (num_layers=1, one direction, bias=True); " +
                 "other settings fit with other sizes");
      found = readings(kind, cell, low, high, { numLayers: 1, bidirectional: false, bias: true });
    } else {
      if (numLayers === null && !cell) notes.push(`num_layers is not printed: readings with 1 to ${MAX_LAYERS} layers`);
      found = readings(kind, cell, low, high, { inputSize, hiddenSize, outputWidth, numLayers, bidirectional, projSize });
    }
    if (!found.length) notes.push(`no nn.${row.type} with these sizes reproduces the count`);
    if (low !== high) {
      const all = runs(found);
      const listed = all.slice(0, MAX_LISTED);
      return [listed.map(([module, last]) => candidate(module, last !== module.input_size ? last : null)), notes,
              all.length - listed.length];
    }
    const listed = found.slice(0, MAX_LISTED);
    return [listed.map((module) => candidate(module)), notes, found.length - listed.length];
  }

  function totalsNote(printout, explained) {
    if (printout.format === "PyTorch print(model) tree") {
      const held = explained.filter((item) => item.recurrent && item.candidates.length)
        .reduce((sum, item) => sum + item.candidates[0].count, 0);
      return `print(model) prints no counts and no total: the recurrent modules above hold ${grouped(held)} ` +
        "parameters, each computed from its printed sizes.";
    }
    const leaves = printout.rows.filter((item) => !item.container && item.params_low !== null);
    const low = leaves.reduce((sum, item) => sum + item.params_low, 0);
    const high = leaves.reduce((sum, item) => sum + item.params_high, 0);
    const rowsText = low === high ? grouped(low) : `${grouped(low)} to ${grouped(high)}`;
    if (printout.total_low === null) return `The modules add up to ${rowsText} parameters (the Total params line was not pasted).`;
    const totalText = printout.total_low === printout.total_high ? grouped(printout.total_low)
      : `${printout.total_text} (${grouped(printout.total_low)} to ${grouped(printout.total_high)})`;
    const agrees = low <= printout.total_high && printout.total_low <= high;
    const missing = explained.filter((item) => item.recurrent && item.params_low === 0 && item.candidates.length);
    if (missing.length && agrees) {
      const held = low + missing.reduce((sum, item) => sum + item.candidates[0].count, 0);
      return `The modules add up to ${rowsText}, which agrees with Total params ${totalText}, but that total leaves ` +
        `out what torchsummary printed as 0: with ${missing[0].name} as ${code(missing[0].candidates[0].module)}, ` +
        `the model holds ${grouped(held)}.`;
    }
    if (agrees) return `The modules add up to ${rowsText}, which agrees with Total params ${totalText}.`;
    return `The modules add up to ${rowsText}, but Total params is ${totalText}: a module used twice is counted ` +
      "once in the total, and rows left out of the paste are missing from the sum.";
  }

  function render(printout, explained, note) {
    const plural = explained.length !== 1 ? "s" : "";
    const lines = [`${explained.length} module${plural} read from a ${printout.format}.`];
    for (const item of explained) {
      lines.push("");
      let printed = "";
      if (item.params_text) {
        printed = /^\d/.test(item.params_text) ? `: ${item.params_text} parameters printed`
          : `: no count printed (${item.params_text})`;
      }
      lines.push(`${item.name} (${item.type})${printed}`);
      for (const text of item.notes) lines.push(`  ${text}`);
      if (item.candidates.length) {
        const listed = item.candidates.length + item.omitted;
        lines.push(`  ${listed} reading${listed !== 1 ? "s" : ""} ${listed === 1 ? "reproduces" : "reproduce"} the count:`);
        const detailed = item.candidates.length <= 3;
        for (const reading of item.candidates) {
          for (const line of candidateLines(reading, detailed)) lines.push(`    ${line}`);
        }
        if (item.omitted) lines.push(`    ... and ${item.omitted} more`);
      }
    }
    lines.push("");
    lines.push(note);
    return lines.join("\n");
  }

  /** Explain a parsed PyTorch printout: {text, json} like str(report) and report.to_dict(). */
  function explainTorchRows(printout) {
    const explained = [];
    let previousWidth = null;
    for (const row of printout.rows) {
      const low = row.params_low;
      const high = row.params_high;
      const base = { name: row.name, type: row.type, params_text: row.params_text, params_low: low, params_high: high };
      if (row.type in RECURRENT_MODULES && !row.container && (row.arguments !== null || low !== null)) {
        const [candidates, notes, omitted] = explainRecurrent(row, previousWidth, low, high);
        explained.push({ ...base, recurrent: true, candidates, notes, omitted });
      } else {
        let note;
        if (row.container) {
          note = row.type in RECURRENT_MODULES
            ? `a container of its own class named ${row.type}, not nn.${row.type}: its modules are read on their own rows`
            : "a container: its modules are read on their own rows";
        } else if (row.type in RECURRENT_MODULES) {
          note = "its count is not printed (--): a module used twice, or one whose children hold the weights";
        } else {
          const [total, how] = otherCount(row);
          note = "not recurrent" + (how && total ? `; ${how} = ${grouped(total)}` : how ? "; no parameters" : "");
        }
        explained.push({ ...base, recurrent: false, candidates: [], notes: [note], omitted: 0 });
      }
      const width = lastAxis(row.output_shape);
      if (width !== null && !row.container) previousWidth = width;
    }
    const note = totalsNote(printout, explained);
    const json = {
      framework: "torch", format: printout.format,
      layers: explained.map((item) => ({
        name: item.name, type: item.type, params: item.params_text, recurrent: item.recurrent,
        candidates: item.candidates.map(candidateJson), more_readings: item.omitted,
      })),
      total_params: printout.total_params,
    };
    return { text: render(printout, explained, note), json };
  }

  Object.assign(window.lstmSummary, { explainTorchRows });
})();
