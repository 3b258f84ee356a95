"""The command line: ``python -m lstm_explained lstm --input-dim 4 --units 2`` prints shapes and counts.

It never imports TensorFlow, so it answers in a fraction of a second. The small functions at the
top (program name, one-line errors, printing that survives a closed pipe or an ASCII terminal)
are the plumbing every command shares.
"""

import argparse
import json
import os
import re
import sys

from . import __version__
from ._checks import check_kind
from .facts import MAX_SIZE
from .report import Report, _bidirectional_report, _layer_report

# What an ASCII-only terminal gets instead of the formulas' multiplication signs.
ASCII_FALLBACK = {"×": "x", "·": "*"}
# A JSON list of numbers as json.dumps(indent=2) spreads it over several lines.
NUMBER_LIST = re.compile(r"\[\s+([-\d.,\s]+?)\s+\]")


def program_name(argv0=None):
    """The program's name as the user typed it: ``lstm-explained`` or ``python -m lstm_explained``.

    >>> program_name("/usr/lib/python3/site-packages/lstm_explained/__main__.py"), program_name("/venv/bin/lstm-explained")
    ('python -m lstm_explained', 'lstm-explained')
    """
    name = os.path.basename(sys.argv[0] if argv0 is None else argv0)
    return "python -m lstm_explained" if name in ("__main__.py", "-m", "-c", "") else name


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line: the message alone says what to fix."""

    def error(self, message):
        fail(self.prog, message)


def fail(prog, message):
    """Exit with status 2 after one line on stderr, ``prog: error: message (see --help)``."""
    sys.exit(error_line(prog, f"{message} (see --help)"))


def terminal_text(text, stream):
    """``text`` as ``stream`` can show it: ``×`` and ``·`` become ``x`` and ``*`` on an ASCII terminal.

    >>> import io
    >>> terminal_text("4 × (2·4) = 32", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    '4 x (2*4) = 32'
    """
    encoding = getattr(stream, "encoding", None)
    if encoding is None:  # an in-memory text stream holds any character
        return text
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        for character, replacement in ASCII_FALLBACK.items():
            text = text.replace(character, replacement)
        return text.encode(encoding, errors="replace").decode(encoding)


def write(text):
    """Print ``text`` to stdout; return 0. A reader that stops early (``| head``) is not an error."""
    try:
        sys.stdout.write(terminal_text(text, sys.stdout) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null, so Python's own flush at exit does not print a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def json_text(data):
    """``data`` as indented JSON, with lists of numbers (shapes, column ranges) kept on one line.

    Non-ASCII characters are escaped (``×`` is ``\\u00d7``), so the text is safe on any terminal.

    >>> print(json_text({"shape": [4, 8]}))
    {
      "shape": [4, 8]
    }
    """
    text = json.dumps(data, indent=2)
    return NUMBER_LIST.sub(lambda match: "[" + " ".join(match.group(1).split()) + "]", text)


def size_argument(text):
    """argparse type for ``--input-dim`` and ``--units``: a whole number from 1 to the calculator's limit."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    if value > MAX_SIZE:
        raise argparse.ArgumentTypeError(f"at most {MAX_SIZE} (larger layers do not fit in memory), got {text!r}")
    return value


def kind_argument(text):
    """argparse type for the layer kind: any spelling the package accepts (LSTM, lstm, SimpleRNN, simple-rnn, ...)."""
    try:
        return check_kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {text!r} (choose from lstm, gru, simple_rnn, in any case; SimpleRNN and simple-rnn work too)"
        ) from None


def build_parser(prog=None):
    """The argument parser of the layer command (also used to document it)."""
    parser = ArgumentParser(
        prog=prog or program_name(),
        description="Print the weight shapes, gate blocks and parameter count of a Keras recurrent layer.",
    )
    parser.add_argument("kind", type=kind_argument, help="the layer: lstm, gru or simple_rnn (any case)")
    parser.add_argument("--input-dim", type=size_argument, required=True, help="features per time step (d)")
    parser.add_argument("--units", type=size_argument, required=True, help="size of the hidden state (u)")
    parser.add_argument("--no-bias", dest="use_bias", action="store_false", help="use_bias=False")
    parser.add_argument(
        "--reset-after", action=argparse.BooleanOptionalAction, default=True,
        help="GRU only: reset gate after the recurrent product (Keras' default)",
    )
    parser.add_argument("--bidirectional", action="store_true", help="wrap the layer in Bidirectional")
    parser.add_argument("--json", action="store_true", help="print JSON: shapes, gate blocks, formulas and counts")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def layer_command(argv):
    """``kind --input-dim D --units U [...]``: the table (or JSON) for one layer; returns the exit status.

    >>> layer_command(["simple_rnn", "--input-dim", "3", "--units", "1"])
    layer       weight            shape   gate blocks (columns)  size formula   size
    ----------  ----------------  ------  ---------------------  -------------  ----
    simple_rnn  kernel            (3, 1)  h 0:1                  d × u = 3 × 1     3
    simple_rnn  recurrent_kernel  (1, 1)  h 0:1                  u × u = 1 × 1     1
    simple_rnn  bias              (1,)    h 0:1                  u = 1             1
    <BLANKLINE>
    simple_rnn (simple_rnn): 1·3 + 1·1 + 1 = 5
    0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.kind != "gru" and not args.reset_after:
        parser.error("--no-reset-after applies to gru only")
    sizes = {"use_bias": args.use_bias, "reset_after": args.reset_after}
    # argparse has checked every argument (kind_argument, size_argument, real flags): no second check.
    layer = (args.kind, args.input_dim, args.units, args.use_bias, args.reset_after)
    report = Report([_bidirectional_report(*layer) if args.bidirectional else _layer_report(*layer)])
    if args.json:
        options = {"kind": args.kind, "input_dim": args.input_dim, "units": args.units, **sizes,
                   "bidirectional": args.bidirectional}
        return write(json_text({**options, **report.as_dict()}))
    return write(str(report))


def build_summary_parser(prog=None):
    """The argument parser of the ``summary`` command (also used to document it)."""
    parser = ArgumentParser(
        prog=prog or f"{program_name()} summary",
        description="Explain every row of a Keras model.summary(): each recurrent count read back into sizes.",
    )
    parser.add_argument("file", nargs="?", default="-", help="a file holding the summary; '-' or none reads stdin")
    parser.add_argument("--json", action="store_true", help="print the explanation as JSON")
    return parser


def summary_command(argv):
    """``summary [FILE] [--json]``: explain a pasted ``model.summary()``; returns the exit status.

    Reads FILE, or standard input for ``-`` or no FILE. Text that is not a summary, or a file
    that cannot be read, exits with status 2 and one line on stderr.

    >>> summary_command(["/no/such/summary.txt"])
    2
    """
    from .summary import explain_summary

    parser = build_summary_parser()
    args = parser.parse_args(argv)
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as handle:
                data = handle.read()
        report = explain_summary(data)
    except OSError as error:
        return error_line(parser.prog, f"cannot read {args.file!r}: {error.strerror}")
    except ValueError as error:
        return error_line(parser.prog, str(error))
    return write(json_text(report.to_dict()) if args.json else str(report))


def error_line(prog, message):
    """Write ``prog: error: message`` to stderr as one line; return the exit status 2."""
    sys.stderr.write(terminal_text(f"{prog}: error: {message}", sys.stderr) + "\n")
    return 2


def main(argv=None):
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    ``summary`` explains a pasted ``model.summary()``; anything else describes one layer.

    >>> main(["LSTM", "--input-dim", "4", "--units", "2", "--json"])  # doctest: +ELLIPSIS
    {
      "kind": "lstm",
    ...
      "count": 56,
    ...
    0
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["summary"]:
        return summary_command(argv[1:])
    return layer_command(argv)
