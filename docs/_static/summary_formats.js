/* The browser's summary reader, part 1 of 4: text -> rows (lstm_explained/summary_formats/__init__.py).
 *
 * Each family of printouts is one file (summary_formats_keras.js, ...) that registers itself with
 * lstmSummary.families.push({NAME, looksLike, read, RECURRENT_TYPES, OTHER_TYPES}); load this
 * file first, then the families, then summary_readings.js and summary.js. parseSummaries asks the
 * families in order, and the last one reads what no family claims, as in Python.
 */
(function () {
  "use strict";

  const MAX_CHARS = 200000;
  const grouped = (number) => number.toLocaleString("en-US");

  function normalise(text) {
    if (text.includes("\u0000")) throw new Error("not a Keras model summary: the input is binary, not text");
    if (text.length > MAX_CHARS) {
      throw new Error(`not a Keras model summary: ${grouped(text.length)} characters is far longer than any summary`);
    }
    text = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n").replace(/\t/g, "    ").replace(/\u00a0/g, " ");
    if (!text.trim()) throw new Error("not a Keras model summary: the text is empty");
    return text;
  }

  // The text without the prefix every line carries ("# ", "## ", "#> "), and that prefix.
  function stripPrefix(text) {
    const lines = text.split("\n").filter((line) => line.trim());
    const marks = new Set(lines.map((line) => {
      const match = line.match(/^[ \t]*(?:#>|##|#)(?: |$)/);
      return match ? match[0].trim() : null;
    }));
    if (lines.length < 2 || marks.has(null) || marks.size !== 1) return [text, ""];
    const [mark] = marks;
    const escaped = mark.replace(/[#>]/g, (character) => `\\${character}`);
    return [text.replace(new RegExp(`^[ \\t]*${escaped} ?`, "gm"), ""), `${mark} `];
  }

  const families = [];
  const family = (name) => families.find((module) => module.NAME === name);

  function parseSummaries(text) {
    const [stripped, prefix] = stripPrefix(normalise(text));
    const reader = families.find((module) => module.looksLike(stripped)) || families[families.length - 1];
    const summaries = reader.read(stripped);
    if (!prefix) return summaries;
    // A Keras summary names its layout in `layout`, a PyTorch printout in `format`.
    const field = "layout" in summaries[0] ? "layout" : "format";
    return summaries.map((summary) => ({ ...summary, [field]: `${summary[field]}, every line behind '${prefix.trim()}'` }));
  }

  window.lstmSummary = { families, family, normalise, parseSummaries, grouped };
})();
