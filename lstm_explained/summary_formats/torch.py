"""The PyTorch family of printouts: ``print(model)``, torchinfo, torchsummary, Lightning; text in, rows out.

:mod:`lstm_explained.torch_readings` turns the rows into sizes and counts: PyTorch's rows carry
what Keras' do not (``num_layers``, ``proj_size``, counts rounded to ``2.2 K``, states' shapes),
so they have their own row type and readings, and :func:`lstm_explained.explain_summary` hands
this family's printouts to them.
Families read: ``print(model)`` module trees (PyTorch 0.x to 2.x), torchinfo 1.8 and
``torch-summary`` 1.4 tables (``├─LSTM: 1-1``), torchsummary 1.5 tables and the look-alikes of
torchkeras and pytorch-model-summary (``LSTM-1``), and PyTorch Lightning's ``ModelSummary``
(``| Name | Type | Params``, counts rounded to ``2.2 K``).

>>> printout = parse_torch_printout('''
... Net(
...   (lstm): LSTM(4, 2, num_layers=2, batch_first=True)
...   (fc): Linear(in_features=2, out_features=1, bias=True)
... )''')
>>> printout.format, [(row.name, row.type, row.arguments) for row in printout.rows][1]
('PyTorch print(model) tree', ('lstm', 'LSTM', '4, 2, num_layers=2, batch_first=True'))
"""

import re
from dataclasses import dataclass

NAME = "PyTorch"
# PyTorch's recurrent modules, by printed type: (kind, is a cell).
RECURRENT_MODULES = {
    "LSTM": ("lstm", False), "GRU": ("gru", False), "RNN": ("simple_rnn", False),
    "LSTMCell": ("lstm", True), "GRUCell": ("gru", True), "RNNCell": ("simple_rnn", True),
}
TOTALS = {
    "total_params": re.compile(r"(?<![\w-])Total params:?\s*(\d[\d,]*)", re.I),
    "trainable_params": re.compile(r"(?<![\w-])Trainable params:?\s*(\d[\d,]*)", re.I),
    "non_trainable_params": re.compile(r"(?<![\w-])Non-trainable params:?\s*(\d[\d,]*)", re.I),
}
# torchinfo: "Layer (type:depth-idx)", or with var_name "Layer (type (var_name):depth-idx)".
TORCHINFO_HEADER = re.compile(r"Layer\s*\(type(?:\s*\(var_name\)\s*:\s*depth-idx|\s*\(var_name\)|\s*:\s*depth-idx)\)", re.I)
TORCHINFO_COLUMNS = ("Input Shape", "Output Shape", "Kernel Shape", "Param #", "Param %", "Mult-Adds", "Trainable")
TORCHINFO_ROW = re.compile(
    r"^(?P<tree>[\s│|]*(?:[├└|+`]─+\s*)?)(?P<type>[A-Za-z_]\w*)(?:\s*\((?P<var>[^()]*)\))?(?::\s*(?P<depth>\d+)(?:-(?P<index>\d+))?)?(?P<rest>(?:\s.*)?)$"
)
TORCHINFO_CELL = re.compile(r"\[[^\[\]]*\]|--|\(recursive\)|\d[\d,]*(?:\.\d+)?%?|True|False|Partial")
# torchsummary, torchkeras and pytorch-model-summary: "LSTM-1   [-1, 5, 2]   56".
TORCHSUMMARY_HEADER = re.compile(r"Layer\s*\(type\)\s+(?:Input Shape|Output Shape)", re.I)
TORCHSUMMARY_ROW = re.compile(
    r"^\s*(?P<type>[A-Za-z_]\w*)-(?P<index>\d+)\s+(?P<shapes>(?:\[.*\]|multiple|--))?\s*(?P<params>-?\d[\d,]*)(?:\s+(?P<trainable>-?\d[\d,]*))?\s*$"
)
TORCHSUMMARY_LINE = re.compile(r"^\s*[A-Za-z_]\w*-\d+\s+(?:\[|--|multiple)", re.M)
LIGHTNING_HEADER = re.compile(r"\|\s*Name\s*\|\s*Type\s*\|\s*Params")
# Lightning: rounded counts "56", "2.2 K", "123 K", "1.5 M".
LIGHTNING_COUNT = re.compile(r"^(?P<number>\d[\d,]*(?:\.\d)?)\s*(?P<unit>[KMBT]?)$")
LIGHTNING_TOTALS = {
    "trainable_params": re.compile(r"^(.*?)\s+Trainable params", re.I | re.M),
    "non_trainable_params": re.compile(r"^(.*?)\s+Non-trainable params", re.I | re.M),
    "total_params": re.compile(r"^(.*?)\s+Total params", re.I | re.M),
}
# print(model): "(lstm): LSTM(4, 2)", "(0): GRU (4, 2)" (PyTorch 0.x put a space before the bracket).
MODULE_START = re.compile(r"(?:\((?P<attr>[^()\s:]+)\)\s*:\s*)?(?P<type>[A-Za-z_][\w.]*)\s?\(")
CHILD = re.compile(r"\(\s*[^()\s:]+\s*\)\s*:")
MARKDOWN_ESCAPE = re.compile(r"\\([_*\[\]()#|`\\-])")
MAX_CHARS = 200_000


@dataclass(frozen=True)
class TorchRow:
    """One module as the printout showed it.

    ``params`` is the printed count (None when nothing was printed, as in ``print(model)``);
    ``params_low`` and ``params_high`` bound it (equal unless the count was rounded, as in
    Lightning's ``2.2 K``). ``container`` is True for a module printed with children.
    """

    name: str
    type: str
    params_text: str = ""
    params: int | None = None
    params_low: int | None = None
    params_high: int | None = None
    input_shape: str = ""
    output_shape: str = ""
    arguments: str | None = None  # print(model) only: the text between the brackets
    container: bool = False


@dataclass(frozen=True)
class TorchPrintout:
    """The rows and totals of one printout, and which family of printout it was."""

    format: str
    rows: tuple
    family: str = NAME
    total_params: int | None = None
    total_low: int | None = None
    total_high: int | None = None
    total_text: str = ""


def _count(text):
    return int(text.replace(",", ""))


def clean_paste(text):
    """Undo what copying did: Windows line ends, tabs, a ``# ``/``% `` prefix, Markdown escapes.

    >>> clean_paste("# Net(\\n#   (lstm\\\\_1): LSTM(4, 2)\\n# )")
    'Net(\\n  (lstm_1): LSTM(4, 2)\\n)'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").replace("\u00a0", " ")
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    for prefix in ("#", "%"):
        # Every line of a notebook's or R's output carries it; a torchinfo table never starts with one.
        if filled and all(line.lstrip().startswith(prefix) for line in filled):
            lines = [re.sub(rf"^\s*{prefix}+ ?", "", line) for line in lines]
            break
    # A Markdown hard line break is a backslash at the end of the line.
    lines = [line[:-1] if line.endswith("\\") else line for line in lines]
    return MARKDOWN_ESCAPE.sub(r"\1", "\n".join(lines)).strip("\n")


def _closing_bracket(text, start):
    """Index of the bracket that closes the one at ``start``, or len(text) when it was cut off."""
    depth = 0
    quote = None
    for index in range(start, len(text)):
        char = text[index]
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def _tree_rows(text):
    """Modules of a ``print(model)`` tree, found by their brackets (indentation may be lost)."""
    rows = []
    open_containers = []  # (closing index, dotted name)
    position = 0
    while True:
        match = MODULE_START.search(text, position)
        if not match:
            break
        close = _closing_bracket(text, match.end() - 1)
        while open_containers and open_containers[-1][0] < match.start():
            open_containers.pop()
        attribute = match["attr"]
        parent = open_containers[-1][1] if open_containers else ""
        name = f"{parent}.{attribute}" if parent and attribute else (attribute or parent)
        inside = text[match.end():close]
        if CHILD.search(inside):
            rows.append(TorchRow(name or match["type"], match["type"], container=True))
            open_containers.append((close, name))
            position = match.end()
            continue
        rows.append(TorchRow(name or match["type"], match["type"], arguments=" ".join(inside.split())))
        position = close + 1
    return rows


def _torchinfo_rows(text, header):
    """Rows of a torchinfo 1.8 (or torch-summary 1.4) table; columns in the header's order."""
    header_line = text[text.rfind("\n", 0, header.start()) + 1: (text.find("\n", header.end()) + 1 or len(text) + 1) - 1]
    columns = sorted((header_line.find(name), name) for name in TORCHINFO_COLUMNS if name in header_line)
    columns = [name for _, name in columns]
    body = text[header.end():]
    total = TOTALS["total_params"].search(body)
    if total:
        body = body[: total.start()]
    parsed = []
    for line in body.split("\n")[1:]:
        match = TORCHINFO_ROW.match(line)
        if not match:
            continue
        cells = TORCHINFO_CELL.findall(match["rest"])
        values = dict(zip(columns, cells))
        printed = values.get("Param #", "--")
        # The depth printed, or (with var_names) the tree drawn in front: one mark per level.
        depth = int(match["depth"]) if match["depth"] else sum(match["tree"].count(mark) for mark in "│├└|+`")
        name = match["var"] or match["type"] + (f": {match['depth']}" if match["depth"] else "") + (
            f"-{match['index']}" if match["index"] else "")
        parsed.append((depth, name, match["type"], printed, values.get("Input Shape", ""), values.get("Output Shape", "")))
    rows = []
    for position, (depth, name, type_, printed, input_shape, output_shape) in enumerate(parsed):
        deeper_next = position + 1 < len(parsed) and parsed[position + 1][0] > depth
        params = _count(printed) if re.fullmatch(r"\d[\d,]*", printed) else None
        shapes = {"input_shape": "" if input_shape == "--" else input_shape,
                  "output_shape": "" if output_shape == "--" else output_shape}
        rows.append(TorchRow(name, type_, printed, params, params, params, container=deeper_next, **shapes))
    return rows


def _torchsummary_rows(text, header):
    """Rows of a torchsummary / torchkeras / pytorch-model-summary table."""
    header_line = text[header.start(): (text.find("\n", header.end()) + 1 or len(text) + 1) - 1]
    input_column = "Input Shape" in header_line and "Output Shape" not in header_line
    body = text[header.end():]
    total = TOTALS["total_params"].search(body)
    if total:
        body = body[: total.start()]
    rows = []
    for line in body.split("\n"):
        match = TORCHSUMMARY_ROW.match(line)
        if not match:
            continue
        shapes = match["shapes"] or ""
        params = _count(match["params"]) if not match["params"].startswith("-") else None
        rows.append(TorchRow(
            f"{match['type']}-{match['index']}", match["type"], match["params"], params, params, params,
            input_shape=shapes if input_column else "", output_shape="" if input_column else shapes,
        ))
    return rows


def lightning_count_range(printed):
    """The exact counts Lightning prints as ``printed`` (its ``get_human_readable_count``), or None.

    >>> lightning_count_range("2.2 K"), lightning_count_range("56"), lightning_count_range("123 K")
    ((2150, 2250), (56, 56), (123000, 123999))
    """
    match = LIGHTNING_COUNT.match(printed.strip())
    if not match:
        return None
    number, unit = match["number"].replace(",", ""), match["unit"]
    scale = 10 ** (3 * " KMBT".index(unit or " "))
    if "." in number:  # one decimal, rounded: 2.2 K is 2,150 to 2,250
        tenths = int(number.replace(".", ""))
        low, high = (2 * tenths - 1) * scale // 20, (2 * tenths + 1) * scale // 20
        low, high = max(low, scale), high
        return low, high
    value = int(number)
    # Whole numbers: exact below 1,000; three digits of K, M, ... are cut, not rounded.
    return (value, value) if scale == 1 else (value * scale, (value + 1) * scale - 1)


def _lightning_rows(text):
    """Rows of a Lightning ``ModelSummary`` table: cells between ``|``."""
    lines = [line for line in text.split("\n") if line.count("|") >= 2]
    header = next((line for line in lines if re.search(r"\|\s*Name\s*\|\s*Type\s*\|", line)), None)
    names = [cell.strip().lower() for cell in header.split("|")]
    rows = []
    for line in lines[lines.index(header) + 1:]:
        cells = [cell.strip() for cell in line.split("|")]
        if set("".join(cells)) <= set("-=:+ ") or len(cells) < len(names) - 1:
            continue
        values = dict(zip(names, cells))
        printed = values.get("params", "")
        bounds = lightning_count_range(printed)
        if not values.get("type") or bounds is None:
            continue
        exact = bounds[0] if bounds[0] == bounds[1] else None
        rows.append(TorchRow(values.get("name", ""), values["type"], printed, exact, *bounds,
                             input_shape=values.get("in sizes", ""), output_shape=values.get("out sizes", "")))
    # A module whose name starts another's ("encoder" before "encoder.lstm") was printed with children.
    names = [row.name for row in rows]
    return [TorchRow(**{**row.__dict__, "container": any(other.startswith(row.name + ".") for other in names)})
            for row in rows]


def _first_copy(text, marker):
    """The text up to a second copy of the same table (people paste a table twice)."""
    first = text.find(marker)
    second = text.find(marker, first + len(marker)) if first >= 0 else -1
    return text if second < 0 else text[:second]


def looks_like(text):
    """True when the text is one of the PyTorch printouts this module reads.

    >>> looks_like("(lstm): LSTM(4, 2)"), looks_like("lstm (LSTM)  (None, 2)  56")
    (True, False)
    """
    text = clean_paste(text)
    return bool(
        TORCHINFO_HEADER.search(text) or _is_torchsummary(text) or LIGHTNING_HEADER.search(text)
        or any(re.search(rf"(?<![\w.]){kind}\s?\(\s*\d", text) for kind in RECURRENT_MODULES)
    )


def _is_torchsummary(text):
    # Keras 2 prints the same header; its rows are "lstm (LSTM)  (None, 2)", torchsummary's "LSTM-1  [-1, 2]".
    return bool(TORCHSUMMARY_HEADER.search(text) and TORCHSUMMARY_LINE.search(text))


def _lightning_totals(text):
    totals = {}
    match = LIGHTNING_TOTALS["total_params"].search(text)
    if match:
        bounds = lightning_count_range(match.group(1).strip())
        if bounds:
            totals = {"total_text": match.group(1).strip(), "total_low": bounds[0], "total_high": bounds[1],
                      "total_params": bounds[0] if bounds[0] == bounds[1] else None}
    return totals


def read(text):
    """The printout in a list of one, as every family's ``read`` returns it.

    >>> [row.name for row in read("(lstm): LSTM(4, 2)")[0].rows]
    ['lstm']
    """
    return [parse_torch_printout(text)]


def parse_torch_printout(text):
    """Parse a pasted PyTorch printout into its module rows and totals.

    Raises ValueError (one line) for text none of the families matches.

    >>> parse_torch_printout("hello").rows
    Traceback (most recent call last):
    ...
    ValueError: not a PyTorch printout: no module like '(lstm): LSTM(4, 2)' or table row like 'LSTM-1  [-1, 5, 2]  64' was found
    """
    text = clean_paste(text)
    totals = {}
    header = TORCHINFO_HEADER.search(text)
    if header:
        text = _first_copy(text, header.group())
        header = TORCHINFO_HEADER.search(text)
        rows = _torchinfo_rows(text, header)
        family = "torch-summary 1.4 table" if re.search(r"\[-1,", text) else "torchinfo table"
    elif _is_torchsummary(text):
        header = TORCHSUMMARY_HEADER.search(text)
        text = _first_copy(text, header.group())
        header = TORCHSUMMARY_HEADER.search(text)
        rows = _torchsummary_rows(text, header)
        family = ("pytorch-model-summary table" if re.search(r"Tr\.\s*Param", text)
                  else "torchsummary table")
    elif LIGHTNING_HEADER.search(text):
        text = _first_copy(text, LIGHTNING_HEADER.search(text).group())
        rows = _lightning_rows(text)
        family = "Lightning ModelSummary table"
        totals = _lightning_totals(text)
    else:
        rows = _tree_rows(text)
        first_line = next((line for line in text.split("\n") if line.strip()), "")
        rows = _first_tree(rows, first_line)
        family = "PyTorch print(model) tree"
    if family not in ("Lightning ModelSummary table", "PyTorch print(model) tree"):
        for key, pattern in TOTALS.items():
            match = pattern.search(text)
            if match:
                totals[key] = _count(match.group(1))
        if "total_params" in totals:
            totals["total_low"] = totals["total_high"] = totals["total_params"]
            totals["total_text"] = f"{totals['total_params']:,}"
        totals.pop("trainable_params", None)
        totals.pop("non_trainable_params", None)
    if not rows:
        raise ValueError(
            "not a PyTorch printout: no module like '(lstm): LSTM(4, 2)' "
            "or table row like 'LSTM-1  [-1, 5, 2]  64' was found"
        )
    return TorchPrintout(family, tuple(rows), **totals)


def _first_tree(rows, first_line):
    """The rows of the first model when the same ``print(model)`` was pasted twice."""
    if not rows or not rows[0].container:
        return rows
    top = [index for index, row in enumerate(rows) if row.container and row.name == rows[0].name and "." not in row.name]
    if len(top) > 1:
        return rows[: top[1]]
    return rows
