"""Explain every number of a pasted ``model.summary()``: each recurrent count, read back into sizes.

The text becomes rows in :mod:`lstm_explained.summary_formats` (one module per family of
printouts), the rows become readings in :mod:`lstm_explained.summary_readings`, and this module
puts them together into a report: ``str(report)`` for people, ``report.to_dict()`` for programs
(the command line's ``--json``). Every reading is checked by recomputing the count.

>>> report = explain_summary('''
... Layer (type)                Output Shape              Param #
... =================================================================
... input_1 (InputLayer)        [(None, 100, 4)]            0
... lstm (LSTM)                 (None, 2)                 56
... =================================================================
... Total params: 56
... ''')
>>> [(c.kind, c.units, c.input_dim, c.formula) for c in report.layers[1].candidates]
[('lstm', 2, 4, '4 × (2·4 + 2·2 + 2) = 56')]
"""

from dataclasses import dataclass

from .summary_formats import parse_summaries
from .summary_formats import torch
from .summary_readings import Candidate, LayerExplanation, explain_rows
from .torch_readings import explain_torch_rows

__all__ = ["Candidate", "LayerExplanation", "SummaryReport", "explain_summary"]


@dataclass(frozen=True)
class SummaryReport:
    """The explanation of a whole summary: ``str()`` for people, ``to_dict()`` for programs."""

    layers: tuple
    total_params: int | None
    totals_note: str
    layout: str

    def to_dict(self):
        """JSON-ready: ``{"layers": [...], "total_params": ...}``."""
        return {"layers": [layer.to_dict() for layer in self.layers], "total_params": self.total_params}

    def __str__(self):
        lines = [f"{plural(len(self.layers), 'layer')} read from a {self.layout}."]
        for layer in self.layers:
            type_text = f" ({layer.type})" if layer.type else ""
            lines.append("")
            lines.append(f"{layer.name}{type_text}: output {layer.output_shape}, {layer.params:,} parameters")
            lines.extend(f"  {note}" for note in layer.notes)
            if layer.candidates:
                count = len(layer.candidates)
                verb = "reproduces" if count == 1 else "reproduce"
                lines.append(f"  {plural(count, 'reading')} {verb} the count exactly:")
                lines.extend(f"    {candidate.describe()}" for candidate in layer.candidates)
        lines.append("")
        lines.append(self.totals_note)
        return "\n".join(lines)


def plural(count, word):
    """``'1 layer'``, ``'3 layers'``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def totals_note(summary, layers):
    """Say whether the rows add up to Total params, or what the difference is."""
    rows_total = sum(layer.params for layer in layers)
    total = summary.total_params
    if total is None:
        return f"The rows add up to {rows_total:,} parameters (the summary's Total params line was not pasted)."
    if rows_total == total:
        return f"The rows add up to {rows_total:,} = Total params."
    optimizer = summary.optimizer_params
    if optimizer is not None and rows_total + optimizer == total:
        return (f"The rows add up to {rows_total:,}; Total params {total:,} also counts "
                f"{optimizer:,} optimizer variables (the Optimizer params line, printed after fit).")
    difference = total - rows_total
    return (f"The rows add up to {rows_total:,}, but Total params is {total:,} (a difference of {difference:,}): "
            f"a layer used twice is counted once in the total, and rows left out of the paste are missing from the sum.")


def explain_summary(text):
    """Explain a pasted ``model.summary()``: every row, and every reading of each recurrent count.

    >>> print(explain_summary("lstm_6 (LSTM) (None, 3) 72"))
    1 layer read from a Keras 2 text table.
    <BLANKLINE>
    lstm_6 (LSTM): output (None, 3), 72 parameters
      units = 3: the output's last axis
      1 reading reproduces the count exactly:
        LSTM(3) on 2 features: 4 × (3·2 + 3·3 + 3) = 72
    <BLANKLINE>
    The rows add up to 72 parameters (the summary's Total params line was not pasted).
    """
    (summary,) = parse_summaries(text)
    if summary.family == torch.NAME:
        # PyTorch's rows carry num_layers, proj_size, rounded counts and states' shapes, which the
        # Keras readings have no place for: PyTorch's formula and readings are their own.
        return explain_torch_rows(summary)
    layers = explain_rows(summary)
    return SummaryReport(tuple(layers), summary.total_params, totals_note(summary, layers), summary.layout)
