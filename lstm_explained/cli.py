"""The command line: ``python -m lstm_explained lstm --input-dim 4 --units 2`` prints shapes and counts.

It never imports TensorFlow, so it answers in a fraction of a second.
"""

import argparse
import sys

from ._checks import KINDS
from .report import Report, recurrent_layer_report


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # One line, not argparse's usage block: the message alone says what to fix.
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def build_parser():
    """The argument parser (also used to document the command)."""
    parser = _Parser(
        prog="python -m lstm_explained",
        description="Print the weight shapes, gate blocks and parameter count of a Keras recurrent layer.",
    )
    parser.add_argument("kind", choices=KINDS, help="the layer: lstm, gru or simple_rnn")
    parser.add_argument("--input-dim", type=_positive_int, required=True, help="features per time step (d)")
    parser.add_argument("--units", type=_positive_int, required=True, help="size of the hidden state (u)")
    parser.add_argument("--no-bias", dest="use_bias", action="store_false", help="use_bias=False")
    parser.add_argument(
        "--reset-after", action=argparse.BooleanOptionalAction, default=True,
        help="GRU only: reset gate after the recurrent product (Keras' default)",
    )
    parser.add_argument("--bidirectional", action="store_true", help="wrap the layer in Bidirectional")
    return parser


def main(argv=None):
    """Run the command line; returns the exit status.

    >>> main(["simple_rnn", "--input-dim", "3", "--units", "1"])
    layer       weight            shape   gate blocks (columns)  size formula   size
    ----------  ----------------  ------  ---------------------  -------------  ----
    simple_rnn  kernel            (3, 1)  h 0:1                  d × u = 3 × 1     3
    simple_rnn  recurrent_kernel  (1, 1)  h 0:1                  u × u = 1 × 1     1
    simple_rnn  bias              (1,)    h 0:1                  u = 1             1
    <BLANKLINE>
    simple_rnn (simple_rnn): 1·3 + 1·1 + 1 = 5
    0
    """
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["summary"]:
        return summary_main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.kind != "gru" and not args.reset_after:
        parser.error("--no-reset-after applies to gru only")
    directions = ("forward", "backward") if args.bidirectional else (args.kind,)
    report = Report(
        recurrent_layer_report(
            args.kind, args.input_dim, args.units,
            use_bias=args.use_bias, reset_after=args.reset_after, name=direction,
        )
        for direction in directions
    )
    print(report)
    return 0


def summary_main(argv):
    """``python -m lstm_explained summary [FILE] [--json]``: explain a pasted ``model.summary()``.

    Reads FILE, or standard input for ``-`` or no FILE. Text that is not a summary, or a file
    that cannot be read, exits with status 2 and one line on stderr.

    >>> summary_main(["/no/such/summary.txt"])
    2
    """
    import json

    from .summary import explain_summary

    parser = _Parser(
        prog="python -m lstm_explained summary",
        description="Explain every row of a Keras model.summary(): each recurrent count read back into sizes.",
    )
    parser.add_argument("file", nargs="?", default="-", help="a file holding the summary; '-' or none reads stdin")
    parser.add_argument("--json", action="store_true", help="print the explanation as JSON")
    args = parser.parse_args(argv)
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as handle:
                data = handle.read()
        report = explain_summary(data)
    except OSError as error:
        print(f"{parser.prog}: error: cannot read {args.file!r}: {error.strerror}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if args.json else report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
