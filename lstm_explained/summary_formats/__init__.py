"""Turn a pasted model printout into rows: one module per family of printouts, chosen by its look.

How a family plugs in (the Keras tables are :mod:`.keras`; a PyTorch family is added the same way):

1. Write ``lstm_explained/summary_formats/<family>.py`` with

   - ``NAME``: the family's name for messages, e.g. ``"Keras"``;
   - ``looks_like(text) -> bool``: True when ``text`` (already normalised by :func:`normalise`:
     ``str``, ``\\n`` line ends, no tabs, prefixes such as ``## `` removed) is this family's printout;
   - ``read(text) -> list[ParsedSummary]``: one :class:`ParsedSummary` per model in the paste
     (two summaries pasted together give two), each with ``family=NAME``; the rows are
     :class:`SummaryRow` objects from :mod:`.rows`; a printout it cannot
     read raises ``ValueError`` with a one-line message;
   - ``RECURRENT_TYPES``: printed type -> ``(kinds, bidirectional)``, the kinds of
     :data:`lstm_explained.summary_readings.SUMMARY_KINDS` a row of that type can be (a wrapper lists
     several); ``OTHER_TYPES``: the other printed types a type cut at the column may start with.

2. Add the module to :data:`FAMILIES`. :func:`parse_summaries` asks each family in that order
   whether the text looks like its printout and lets the first that says yes read it; when none
   does, the last family (Keras, the most forgiving reader) reads it and reports why it cannot.

Nothing else changes: :mod:`lstm_explained.summary_readings` turns every family's rows into
readings with the formulas (the row's ``type`` is looked up in its family's ``RECURRENT_TYPES``;
a row may also carry ``units`` and ``input_dim`` when its printout states them), and
:mod:`lstm_explained.summary` renders the readings as text (``str(report)``) and JSON
(``report.to_dict()``), which is what the command line prints. The browser's reader has the same
split: ``docs/_static/summary_formats.js`` (this module), ``summary_formats_keras.js`` (one file
per family, registering itself), ``summary_readings.js`` and ``summary.js``.

>>> [summary.rows[0].params for summary in parse_summaries("lstm_6 (LSTM) (None, 3) 72")]
[72]
"""

import re
from dataclasses import replace

from . import keras, torch
from .rows import ParsedSummary, SummaryRow

__all__ = ["FAMILIES", "ParsedSummary", "SummaryRow", "family", "normalise", "parse_summaries"]

# The families, in the order parse_summaries asks them; the last one reads whatever no family claims.
FAMILIES = (torch, keras)
MAX_CHARS = 200_000  # a thousand-layer Keras 3 table is about 160,000 characters
PREFIX = re.compile(r"^[ \t]*(?:#>|##|#)(?: |$)")


def normalise(text):
    r"""The pasted text as one ``str`` with ``\\n`` line ends, or a one-line ValueError.

    >>> normalise(b"\xff\xfel\x00s\x00t\x00m\x00\r\x00\n\x00")
    'lstm\n'
    """
    if isinstance(text, bytes):
        # PowerShell's "> file.txt" writes UTF-16 with a byte-order mark; Notepad adds one to UTF-8.
        encoding = "utf-16" if text.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
        try:
            text = text.decode(encoding)
        except UnicodeDecodeError:
            raise ValueError("not a Keras model summary: the input is binary, not text") from None
    if not isinstance(text, str):
        raise TypeError(f"expected the summary as text (str); got {type(text).__name__}")
    if "\x00" in text:
        raise ValueError("not a Keras model summary: the input is binary, not text")
    if len(text) > MAX_CHARS:
        raise ValueError(f"not a Keras model summary: {len(text):,} characters is far longer than any summary")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").replace("\u00a0", " ")
    if not text.strip():
        raise ValueError("not a Keras model summary: the text is empty")
    return text


def strip_prefix(text):
    r"""The text without the prefix every line carries, and that prefix (``""`` if none).

    Notebooks and R print output behind ``# ``, ``## `` or ``#> `` (R's knitr also indents it).

    >>> strip_prefix("## Model: \"m\"\n##  lstm (LSTM)  (None, 2)  56\n")
    ('Model: "m"\n lstm (LSTM)  (None, 2)  56\n', '## ')
    """
    lines = [line for line in text.splitlines() if line.strip()]
    prefixes = {match.group() if (match := PREFIX.match(line)) else None for line in lines}
    marks = {prefix.strip() if prefix else None for prefix in prefixes}
    if len(lines) < 2 or None in marks or len(marks) != 1:
        return text, ""
    (mark,) = marks
    pattern = re.compile(rf"^[ \t]*{re.escape(mark)} ?", re.M)
    return pattern.sub("", text), f"{mark} "


def family(name):
    """The family module called ``name`` (a ParsedSummary's ``family``)."""
    return next(module for module in FAMILIES if module.NAME == name)


def parse_summaries(text):
    """Every model printed in ``text``, as :class:`ParsedSummary` objects, read by the family it looks like."""
    text, prefix = strip_prefix(normalise(text))
    reader = next((module for module in FAMILIES if module.looks_like(text)), FAMILIES[-1])
    summaries = reader.read(text)
    if prefix:
        summaries = [_behind_prefix(summary, prefix) for summary in summaries]
    return summaries


def _behind_prefix(summary, prefix):
    # A Keras summary names its layout in ``layout``, a PyTorch printout in ``format``.
    field = "layout" if hasattr(summary, "layout") else "format"
    return replace(summary, **{field: f"{getattr(summary, field)}, every line behind '{prefix.strip()}'"})
