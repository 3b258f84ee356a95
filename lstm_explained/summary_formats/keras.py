"""The Keras family: read the rows and totals out of a pasted ``model.summary()``, in any of its layouts.

Layouts read: Keras 3's box table; tf.keras 2 and ``tf_keras`` text tables (type names wrapped
onto the next line); old standalone Keras (type names cut at the column); and web copies whose
whitespace was collapsed. The readings (:mod:`lstm_explained.summary_readings`) work on what
:func:`read` returns; :mod:`lstm_explained.summary_formats` says how a family plugs in.

>>> (summary,) = read('''
... Layer (type)                Output Shape              Param #
... =================================================================
... lstm (LSTM)                 (None, 2)                 56
... =================================================================
... Total params: 56
... ''')
>>> summary.rows[0].name, summary.rows[0].type, summary.rows[0].output_shape, summary.rows[0].params
('lstm', 'LSTM', '(None, 2)', 56)
"""

import re

from .rows import ParsedSummary, SummaryRow

NAME = "Keras"
# Printed type -> (kinds of lstm_explained.summary_readings.KINDS it can be, bidirectional).
# Wrappers can hold any kind.
RECURRENT_TYPES = {
    "LSTM": (("lstm",), False),
    "GRU": (("gru",), False),
    "SimpleRNN": (("simple_rnn",), False),
    "RNN": (("lstm", "gru", "simple_rnn"), False),
    "Bidirectional": (("lstm", "gru", "simple_rnn"), True),
}
# Other types a cut-off name may be the start of; a cut type that fits none of the recurrent
# ones is read as one of these.
OTHER_TYPES = ("InputLayer", "Dense", "Embedding", "TimeDistributed", "Dropout", "Activation",
               "Flatten", "RepeatVector", "Reshape", "Masking", "Concatenate", "Conv1D")

# A printed output shape: "(None, 2)", "[(None, 100, 4)]", "[(None, 2), (None, 2)]", "multiple",
# or "?" for an unbuilt Keras 3 layer. A list cut at the column still starts with a whole tuple.
_TUPLE = r"\((?:None|\d+|\?)?(?:,\s*(?:None|\d+|\?))*,?\)"
SHAPE = rf"\[{_TUPLE}(?:,\s*{_TUPLE})*(?:\]|,)?|{_TUPLE}|multiple|\?"
# One row of a text table: the first column (name and type), the shape, the count. The first
# column is matched lazily, so a type cut at the column ("(Bidirection") stays in it.
ROW = re.compile(
    rf"(?P<first>[^\s()\[\]'│]+(?:\s+\([^()\s]*\)?)?)\s+(?P<shape>{SHAPE})\s+(?P<params>\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\d.,]\d)"
)
FIRST_COLUMN = re.compile(r"^(?P<name>[^\s(]+)\s*(?:\((?P<type>[^()]*)(?P<closed>\))?)?$")
HEADER = re.compile(r"Layer\s*\(type\)\s*.*?Param\s*#(?:\s*Connected to)?", re.I)
RULE = re.compile(r"[_=━─┏┓┗┛┡┩┳┻╇┃│├┤┼└┘┬┴\s]*$")
# "Trainable" must not match inside "Non-trainable"; a web copy may run all of them into one line.
TOTALS = {
    "total_params": re.compile(r"(?<![\w-])Total params:\s*(\d[\d,]*)", re.I),
    "trainable_params": re.compile(r"(?<![\w-])Trainable params:\s*(\d[\d,]*)", re.I),
    "non_trainable_params": re.compile(r"(?<![\w-])Non-trainable params:\s*(\d[\d,]*)", re.I),
    "optimizer_params": re.compile(r"(?<![\w-])Optimizer params:\s*(\d[\d,]*)", re.I),
}
CONNECTION = re.compile(r"([\w./-]+)\[\d+\]\[\d+\]")
BOX_LINE = "│"


def _count(text):
    return int(text.replace(",", ""))


def _split_first_column(text):
    """Name, type as printed, and whether the type's closing bracket was printed."""
    text = re.sub(r"^[\s|└]+", "", text).strip()
    match = FIRST_COLUMN.match(text)
    if not match:
        return text, "", False
    return match["name"], (match["type"] or "").strip(), bool(match["closed"])


def _connections(text):
    return tuple(CONNECTION.findall(text or ""))


def _box_rows(lines):
    """Rows of Keras 3's box table: cells between │, one row per block between ├ rules."""
    header = None
    blocks, current = [], []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("┃") and header is None:
            header = [cell.strip() for cell in stripped.strip("┃").split("┃")]
        elif stripped.startswith(BOX_LINE):
            current.append(stripped.strip(BOX_LINE).split(BOX_LINE))
        elif stripped.startswith(("├", "└")) and current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    if header is None or not any("Layer" in cell for cell in header):
        raise ValueError("this looks like a Keras 3 table, but its header row (┃ Layer (type) ┃ ...) is missing")
    columns = {name.split()[0].lower(): index for index, name in enumerate(header) if name.split()}
    rows = []
    for block in blocks:
        width = max(len(cells) for cells in block)
        merged = []
        for column in range(width):
            text, filled = "", False
            for cells in block:
                part = cells[column].strip() if column < len(cells) else ""
                if not part:
                    continue
                # rich folds a word longer than the cell mid-word: after a part that filled the
                # cell (one space of padding each side) the next part continues without a space.
                text = f"{text}{part}" if filled or not text else f"{text} {part}"
                filled = len(part) >= len(cells[column]) - 2
            merged.append(text)

        def cell(column, default):
            index = columns.get(column, default)
            return merged[index] if index is not None and index < len(merged) else ""

        first, shape, connected = cell("layer", 0), cell("output", 1), cell("connected", None)
        params = re.match(r"\d[\d,]*", cell("param", 2))
        if not first or not params:
            continue
        name, type_, closed = _split_first_column(first)
        rows.append(SummaryRow(name, type_, closed, shape, _count(params.group()), _connections(connected)))
    return rows, "connected" in columns


def _text_rows(text):
    """Rows of a text table (tf.keras 2, tf_keras, old Keras, or collapsed), line by line."""
    header = HEADER.search(text)
    has_connections = bool(header and "connected" in header.group().lower())
    body = text[header.end():] if header else text
    total = TOTALS["total_params"].search(body)
    if total:
        body = body[: total.start()]
    # Rules of underscores or '=' end a line even where a web copy ran every line into one.
    body = re.sub(r"_{3,}|={3,}", "\n", body)
    shape_column = None  # known only when the header's columns are still aligned (not collapsed)
    if header and re.search(r"\)\s\s+Output", header.group()):
        line_start = text.rfind("\n", 0, header.start()) + 1
        shape_column = header.start() - line_start + header.group().find("Output")
    rows = []  # [first column text, shape, params, rest of the line]
    for line in body.splitlines():
        if not line.strip() or RULE.match(line):
            continue
        matches = list(ROW.finditer(line))
        if matches:
            for index, match in enumerate(matches):
                end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
                rows.append([match["first"], match["shape"], _count(match["params"]), line[match.end():end]])
            continue
        if not rows:
            continue
        # A line with no shape and count continues the row above: tf.keras wraps a long name or
        # type onto it character by character. In an aligned table only the text left of the
        # shape column is the first column's; the rest (and anything that looks like a
        # "Connected to" entry) belongs to the other columns.
        aligned = shape_column is not None and len(line) > shape_column
        part = line[:shape_column].strip() if aligned else line.strip()
        other = line[shape_column:].strip() if aligned else ""
        first = rows[-1][0]
        incomplete = "(" not in first or not first.rstrip().endswith(")")
        if part and incomplete and not part.startswith(("[", "'")):
            rows[-1][0] = first + part
        else:
            other = f"{part} {other}"
        rows[-1][3] += " " + other
    parsed = []
    for first, shape, params, rest in rows:
        name, type_, closed = _split_first_column(first)
        parsed.append(SummaryRow(name, type_, closed, shape, params, _connections(rest) if has_connections else ()))
    return parsed, has_connections


def has_header(text):
    """True when the text has a summary's header row or its "Total params" line."""
    return bool(HEADER.search(text) or TOTALS["total_params"].search(text))


def looks_like(text):
    """True when the text has a Keras summary's header row, its "Total params" line, or a box table."""
    return BOX_LINE in text or has_header(text)


def read(text):
    """The model printed in ``text`` (normalised), as a one-element list of ParsedSummary.

    Raises ValueError (one line) for text that is not a Keras model summary.

    >>> read("│ lstm_6 (LSTM) │ (None, 3) │ 72 │")
    Traceback (most recent call last):
    ...
    ValueError: this looks like a Keras 3 table, but its header row (┃ Layer (type) ┃ ...) is missing
    >>> read("lstm_6 (LSTM) (None, 3) 72")[0].rows[0].params
    72
    """
    if BOX_LINE in text:
        rows, has_connections = _box_rows(text.splitlines())
        layout = "Keras 3 box table"
    else:
        rows, has_connections = _text_rows(text)
        layout = "Keras 2 text table"
    typed = any(row.type for row in rows)
    if not rows or not (typed or has_header(text)):
        raise ValueError(
            "not a Keras model summary: no row like 'lstm (LSTM)  (None, 2)  56' "
            "(name, type, output shape, parameter count) was found"
        )
    totals = {key: _count(match.group(1)) for key, pattern in TOTALS.items() if (match := pattern.search(text))}
    return [ParsedSummary(tuple(rows), layout, NAME, has_connections=has_connections, **totals)]
