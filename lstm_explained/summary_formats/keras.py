"""The Keras family: read the rows and totals out of a pasted ``model.summary()``, in any of its layouts.

Layouts read: Keras 3's box table in rich's heavy, square (legacy Windows consoles, R) and ASCII
(a console that is not UTF-8) boxes, at any width (header words and cells wrapped), with or without
rules between rows, its top border or right border cut off; tf.keras 2 and ``tf_keras`` text tables
(type names wrapped onto the next line, Output Shapes cut at the column, a count wrapped onto its own
line); Keras 1 and old standalone Keras (type names cut at the column); web copies whose whitespace
was collapsed; and several summaries in one paste. The readings (:mod:`lstm_explained.summary_readings`) work on what
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
# Printed type -> (kinds of lstm_explained.summary_readings.SUMMARY_KINDS it can be, bidirectional).
# Wrappers can hold any kind.
WRAPPED_KINDS = ("lstm", "gru", "simple_rnn", "cudnn_lstm", "cudnn_gru")
RECURRENT_TYPES = {
    "LSTM": (("lstm",), False),
    "GRU": (("gru",), False),
    "SimpleRNN": (("simple_rnn",), False),
    "CuDNNLSTM": (("cudnn_lstm",), False),
    "CuDNNGRU": (("cudnn_gru",), False),
    "ConvLSTM1D": (("conv_lstm1d",), False),
    "ConvLSTM2D": (("conv_lstm2d",), False),
    "ConvLSTM3D": (("conv_lstm3d",), False),
    "RNN": (("lstm", "gru", "simple_rnn"), False),
    "Bidirectional": (WRAPPED_KINDS, True),
}
# Other types a cut-off name may be the start of; a cut type that fits none of the recurrent
# ones is read as one of these.
OTHER_TYPES = ("InputLayer", "Dense", "Embedding", "TimeDistributed", "Dropout", "SpatialDropout1D",
               "Activation", "Flatten", "RepeatVector", "Reshape", "Masking", "Concatenate", "Conv1D",
               "Conv2D", "Conv3D", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
               "AveragePooling3D", "GlobalMaxPooling1D", "GlobalAveragePooling1D", "BatchNormalization",
               "LayerNormalization", "Attention", "MultiHeadAttention", "Lambda", "Add", "Multiply")

# A printed output shape: "(None, 2)", "[(None, 100, 4)]", "[(None, 2), (None, 2)]", "multiple",
# or "?" for an unbuilt Keras 3 layer. Old Keras and tf.keras 2 cut a long shape at the column,
# with no closing bracket: "(None, 8, 16, 240, 2", "[(None, 256), (None, 316416".
_TUPLE = r"\((?:None|\d+|\?)?(?:,\s*(?:None|\d+|\?))*,?\)"
_CUT_TUPLE = r"\((?:None|\d+)(?:,\s*(?:None|\d+))*,?"
SHAPE = (rf"\[{_TUPLE}(?:,\s*{_TUPLE})*(?:\]|,\s*{_CUT_TUPLE}|,)?|\[{_CUT_TUPLE}|{_TUPLE}|{_CUT_TUPLE}"
         rf"|multiple|\?")
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
# A count alone on its line (tf.keras wraps "Param #" when the shape fills its column), and the
# row above it: a name, a type and a shape, with nothing after.
COUNT_ALONE = re.compile(r"^\s*\d{1,3}(?:,\d{3})+\s*$|^\s*\d+\s*$")
ROW_WITHOUT_COUNT = re.compile(rf"^\s*[^\s()\[\]']+\s+\([^()\s]*\)?\s+(?:{SHAPE})\s*$")
# A line that starts like a row ("name (Type ...") but was not read as one: named, never dropped.
LOOKS_LIKE_ROW = re.compile(r"^\s*[\w./-]+\s+\([A-Z][A-Za-z0-9]*\)?\s+\S.*\d\s*$")
# What tf.keras wraps onto the next line: the end of a type ("al)"), or the end of a name and its type.
WRAPPED_TYPE_END = re.compile(r"^\w*\)$")
WRAPPED_NAME_END = re.compile(r"^[\w./-]*(?:\s*\(\w*\)?)?$")
# An inbound layer in "Connected to": "lstm[0][0]", or cut by a narrow column ("signal[0…", "lstm[0][…").
CONNECTION = re.compile(r"([\w./-]+)\[\d*(?:\]\[\d*)?[\]…]")
BOX_LINE = "│"
VERTICALS = "│┃|"
# A box's rule line: heavy (┡━╇━┩), square (├─┼─┤), ASCII (+---+, |---+---|), top and bottom borders.
BOX_RULE = re.compile(r"^\s*[━─┏┓┗┛┡┩┳┻╇├┤┼└┘┬┴┌┐╞╡╪═+|-]*[━─═-][━─┏┓┗┛┡┩┳┻╇├┤┼└┘┬┴┌┐╞╡╪═+|-]*\s*$")


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


def box_style(text):
    """Which box Keras 3 (rich) drew the table with, or None for a text table.

    >>> box_style("┃ Layer (type) ┃"), box_style("│ lstm (LSTM) │"), box_style("| lstm (LSTM) |"), box_style("lstm (LSTM)")
    ('heavy', 'square', 'ASCII', None)
    """
    if any(character in text for character in "┃┏┡━"):
        return "heavy"
    if BOX_LINE in text:
        return "square"
    if re.search(r"(?m)^\s*(?:\|.*\|\s*|\+-[-+]*\+?\s*)$", text):
        return "ASCII"
    return None


def _cells(line):
    """The raw cells of a box line: one border stripped from each end, then split on every border."""
    stripped = line.strip()
    if stripped[:1] in VERTICALS:
        stripped = stripped[1:]
    closed = stripped[-1:] in VERTICALS
    if closed:
        stripped = stripped[:-1]
    return re.split(f"[{VERTICALS}]", stripped), closed


def _merge_cells(lines_cells, column):
    """One column's text over the lines of a row, undoing rich's wrapping."""
    text, filled = "", False
    for cells in lines_cells:
        part = cells[column].strip() if column < len(cells) else ""
        if not part:
            continue
        # rich folds a word longer than the cell mid-word: after a part that filled the
        # cell (one space of padding each side) the next part continues without a space.
        text = f"{text}{part}" if filled or not text else f"{text} {part}"
        filled = len(part) >= len(cells[column]) - 2
    return text


def _box_rows(lines):
    """Rows of Keras 3's box table, in any of rich's boxes, widths and cuts.

    The header is the first group of cell lines (between rules) that names "Layer"; its words may
    wrap over several lines. Below it, a line after a rule, or a line with both a name and a count,
    starts a row; any other line (an empty name or count) continues the row above, so tables with
    no rule between rows read too. A row whose count was cut off at the right is not read.
    """
    groups, current = [], []  # cell lines between rules: [(line, cells, closed)]
    for line in lines:
        if not line.strip():
            continue
        if BOX_RULE.match(line):
            if current:
                groups.append(current)
            current = []
            groups.append(None)  # a rule
        elif any(character in line for character in VERTICALS):
            current.append((line, *_cells(line)))
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    header_at = next((index for index, group in enumerate(groups)
                      if group and "Layer" in " ".join(line for line, _, _ in group)), None)
    if header_at is None:
        raise ValueError("this looks like a Keras 3 table, but its header row (┃ Layer (type) ┃ ...) is missing")
    header_lines = groups[header_at]
    header_cells = [cells for _, cells, _ in header_lines]
    width = max(len(cells) for cells in header_cells)
    header = [" ".join(cells[column].strip() for cells in header_cells
                       if column < len(cells) and cells[column].strip()) for column in range(width)]
    columns = {name.split()[0].lower(): index for index, name in enumerate(header) if name.split()}
    param_column = columns.get("param", 2)
    # Where a right-aligned count ends: under the '#' of "Param #" (lines cut before it lost digits).
    count_end = max((line.find("#") for line, _, _ in header_lines), default=-1)

    def cell(cells, name, default):
        index = columns.get(name, default)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    rows, unread = [], []  # rows: [lines of cells], one per table row
    after_rule = True
    for group in groups[header_at + 1:]:
        if group is None:
            after_rule = True
            continue
        for line, cells, closed in group:
            count_text = cell(cells, "param", 2)
            cut = (not closed and param_column == len(cells) - 1 and count_end > 0
                   and len(line.rstrip()) <= count_end and bool(count_text))
            if cut:
                unread.append(line.strip())
                after_rule = False
                rows.append(None)  # the lines below it continue a row that is not read
                continue
            if after_rule or (cell(cells, "layer", 0) and count_text) or not rows:
                rows.append([cells])
            elif rows[-1] is not None:
                rows[-1].append(cells)
            after_rule = False
    parsed = []
    for row in rows:
        if row is None:
            continue
        merged = [_merge_cells(row, column) for column in range(max(len(cells) for cells in row))]

        def merged_cell(name, default):
            index = columns.get(name, default)
            return merged[index] if index is not None and index < len(merged) else ""

        first, shape, connected = merged_cell("layer", 0), merged_cell("output", 1), merged_cell("connected", None)
        params = re.match(r"(\d[\d,]*)\s*(\(unbuilt\))?", merged_cell("param", 2))
        if not first:
            continue
        if not params:
            unread.append(" ".join(part for part in merged if part))
            continue
        name, type_, closed = _split_first_column(first)
        built = not params.group(2)
        parsed.append(SummaryRow(name, type_, closed, shape, _count(params.group(1)), _connections(connected),
                                 built=built))
    return parsed, "connected" in columns, tuple(unread)


def _join_wrapped_counts(lines):
    """Put a count printed alone on the line below its row back at the row's end."""
    joined = []
    for line in lines:
        if COUNT_ALONE.match(line) and joined and ROW_WITHOUT_COUNT.search(joined[-1]):
            joined[-1] = f"{joined[-1].rstrip()}  {line.strip()}"
        else:
            joined.append(line)
    return joined


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
    unread = []
    for line in _join_wrapped_counts(body.splitlines()):
        if not line.strip() or RULE.match(line):
            continue
        matches = list(ROW.finditer(line))
        if matches:
            for index, match in enumerate(matches):
                end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
                rows.append([match["first"], match["shape"], _count(match["params"]), line[match.end():end]])
            continue
        if LOOKS_LIKE_ROW.match(line):
            unread.append(line.strip())
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
        # Only the rest of a name or a type completes the first column; prose below a table does not.
        completes = WRAPPED_TYPE_END.match(part) if "(" in first else WRAPPED_NAME_END.match(part)
        if part and incomplete and completes:
            rows[-1][0] = first + part
        else:
            other = f"{part} {other}"
        rows[-1][3] += " " + other
    parsed = []
    for first, shape, params, rest in rows:
        name, type_, closed = _split_first_column(first)
        notes = ()
        if shape.count("(") > shape.count(")"):
            whole_first = shape.startswith("[") and ")" in shape
            notes = (f"the Output Shape was cut at the column ('{shape}'): "
                     + ("its first tuple is whole" if whole_first else "its last number may be cut too"),)
        built = not rest.lstrip().startswith("(unbuilt)")
        parsed.append(SummaryRow(name, type_, closed, shape, params, _connections(rest) if has_connections else (),
                                 notes=notes, built=built))
    return parsed, has_connections, tuple(unread)


def has_header(text):
    """True when the text has a summary's header row or its "Total params" line."""
    return bool(HEADER.search(text) or TOTALS["total_params"].search(text))


def looks_like(text):
    """True when the text has a Keras summary's header row, its "Total params" line, or a box table."""
    return box_style(text) is not None or has_header(text)


def _header_lead(line):
    """True for a line above "Layer (type)" that still belongs to the header: a rule, or cells with no number."""
    boxed = any(character in line for character in VERTICALS) and not re.search(r"\d", line)
    return bool(BOX_RULE.match(line) or RULE.match(line) or boxed)


def split_models(text):
    """The text of each model in a paste: a second header row starts a second model.

    A model's text starts at its ``Model: "name"`` line when there is one, else after the previous
    model's last totals line, else at its header row's line.
    """
    headers = [match.start() for match in re.finditer(r"Layer\s*\(type\)", text)]
    starts = [0]
    for previous, header in zip(headers, headers[1:]):
        between = text[previous:header]
        model_line = [match.start() for match in re.finditer(r"(?m)^[ \t]*Model:", between)]
        totals = [match.end() for pattern in TOTALS.values() for match in pattern.finditer(between)]
        if model_line:
            cut = previous + model_line[-1]
        elif totals:
            cut = previous + max(totals)
        else:
            cut = text.rfind("\n", 0, header) + 1
            # Keep the border and the header's first lines (a wrapped "Param") with their model.
            while cut > previous:
                line_start = text.rfind("\n", 0, cut - 1) + 1
                if not _header_lead(text[line_start:cut - 1]):
                    break
                cut = line_start
        starts.append(cut)
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)])]


def _layout(text, style):
    """The layout's name for people: which Keras printed it, and how."""
    if style == "heavy":
        return "Keras 3 table"
    if style == "square":
        return "Keras 3 table in rich's square box (a legacy Windows console, or R's keras3)"
    if style == "ASCII":
        return "Keras 3 table in an ASCII box (a console that is not UTF-8)"
    if re.search(r"\[\(", text):
        return "Keras 2 or tf.keras 2 text table"
    if not re.search(r"\S  +\S", text):
        return "text table whose spaces were collapsed (a web copy)"
    return "Keras 1 or 2 text table"


def _read_one(text):
    style = box_style(text)
    if style is not None:
        rows, has_connections, unread = _box_rows(text.splitlines())
    else:
        rows, has_connections, unread = _text_rows(text)
    totals = {key: _count(match.group(1)) for key, pattern in TOTALS.items() if (match := pattern.search(text))}
    name = re.search(r"(?m)^[ \t]*Model:[ \t]*\"?([^\s\"]+)", text)
    return ParsedSummary(tuple(rows), _layout(text, style), NAME, has_connections=has_connections,
                         unread_lines=unread, model_name=name.group(1) if name else None, **totals)


def read(text):
    """Every model printed in ``text`` (normalised), as ParsedSummary objects.

    Raises ValueError (one line) for text that is not a Keras model summary.

    >>> read("│ lstm_6 (LSTM) │ (None, 3) │ 72 │")
    Traceback (most recent call last):
    ...
    ValueError: this looks like a Keras 3 table, but its header row (┃ Layer (type) ┃ ...) is missing
    >>> read("lstm_6 (LSTM) (None, 3) 72")[0].rows[0].params
    72
    """
    summaries = [_read_one(part) for part in split_models(text)]
    typed = any(row.type for summary in summaries for row in summary.rows)
    if not any(summary.rows or summary.unread_lines for summary in summaries) or not (typed or has_header(text)):
        raise ValueError(
            "not a Keras model summary: no row like 'lstm (LSTM)  (None, 2)  56' "
            "(name, type, output shape, parameter count) was found"
        )
    return [summary for summary in summaries if summary.rows or summary.unread_lines]
