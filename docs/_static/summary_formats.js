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

  const families = [];
  const family = (name) => families.find((module) => module.NAME === name);

  function parseSummaries(text) {
    text = normalise(text);
    const reader = families.find((module) => module.looksLike(text)) || families[families.length - 1];
    return reader.read(text);
  }

  window.lstmSummary = { families, family, normalise, parseSummaries, grouped };
})();
