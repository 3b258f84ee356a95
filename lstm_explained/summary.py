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

from .formulas import grouped
from .summary_formats import parse_summaries, torch
from .summary_readings import UNBUILT_ADVICE, Candidate, LayerExplanation, explain_rows
from .torch_readings import explain_torch_rows

__all__ = ["Candidate", "LayerExplanation", "ModelReport", "SummaryReport", "explain_summary"]


@dataclass(frozen=True)
class ModelReport:
    """One model of the paste: its rows explained, and whether they add up to its Total params."""

    layers: tuple
    layout: str
    name: str | None = None
    total_params: int | None = None
    trainable_params: int | None = None
    non_trainable_params: int | None = None
    optimizer_params: int | None = None
    unread_lines: tuple = ()

    @property
    def rows_total(self):
        return sum(layer.params for layer in self.layers)

    @property
    def built(self):
        """False when Keras printed the model before it knew its input's shape ('0 (unbuilt)')."""
        return all(layer.built for layer in self.layers)

    @property
    def difference(self):
        """Total params minus the rows' sum, or None without a Total params line."""
        return None if self.total_params is None else self.total_params - self.rows_total

    @property
    def reconciled(self):
        """True when the rows (and the optimizer's variables) make Total params; None without that line."""
        if self.total_params is None:
            return None
        return self.difference in (0, self.optimizer_params)

    @property
    def totals_note(self):
        """Say whether the rows add up to Total params, or what the difference is and what may cause it."""
        rows_total, total = self.rows_total, self.total_params
        if not any(layer.built for layer in self.layers):
            note = f"The model is not built yet, so Keras counted no parameters: {UNBUILT_ADVICE}."
        elif total is None:
            note = f"The rows add up to {grouped(rows_total)} parameters (the summary's Total params line was not pasted)."
        elif rows_total == total:
            note = f"The rows add up to {grouped(rows_total)} = Total params."
        elif self.optimizer_params is not None and self.difference == self.optimizer_params:
            note = (f"The rows add up to {grouped(rows_total)}; Total params {grouped(total)} also counts "
                    f"{grouped(self.optimizer_params)} optimizer variables (the Optimizer params line, printed after fit).")
        elif rows_total < total:
            note = (f"The rows add up to {grouped(rows_total)}, {grouped(self.difference)} less than Total params {grouped(total)}: "
                    "rows left out of the paste, or not read, are missing from the sum.")
        else:
            note = (f"The rows add up to {grouped(rows_total)}, {grouped(-self.difference)} more than Total params {grouped(total)}: "
                    "a layer used twice (shared) is printed on each of its rows but counted once in the total.")
        if self.unread_lines:
            quoted = "; ".join(f"'{line}'" for line in self.unread_lines)
            looks = "looks like a row" if len(self.unread_lines) == 1 else "look like rows"
            note += f" {plural(len(self.unread_lines), 'line')} that {looks} could not be read: {quoted}."
        return note

    def to_dict(self):
        return {
            "name": self.name, "layout": self.layout, "total_params": self.total_params,
            "trainable_params": self.trainable_params, "non_trainable_params": self.non_trainable_params,
            "optimizer_params": self.optimizer_params, "rows_total": self.rows_total, "difference": self.difference,
            "reconciled": self.reconciled, "built": self.built, "unread_lines": list(self.unread_lines),
            "totals_note": self.totals_note,
        }

    def lines(self):
        """The explanation for people, line by line."""
        lines = [f"{plural(len(self.layers), 'layer')} read from a {self.layout}."]
        for layer in self.layers:
            type_text = f" ({layer.type})" if layer.type else ""
            lines.append("")
            lines.append(f"{layer.name}{type_text}: output {layer.output_shape}, {grouped(layer.params)} parameters")
            lines.extend(f"  {note}" for note in layer.notes)
            if layer.candidates:
                count = len(layer.candidates)
                verb = "reproduces" if count == 1 else "reproduce"
                lines.append(f"  {plural(count, 'reading')} {verb} the count exactly:")
                lines.extend(f"    {candidate.describe()}" for candidate in layer.candidates)
        lines.append("")
        lines.append(self.totals_note)
        return lines


@dataclass(frozen=True)
class SummaryReport:
    """The explanation of a paste (one model or several): ``str()`` for people, ``to_dict()`` for programs."""

    models: tuple

    @property
    def layers(self):
        """Every row of every model, in the order pasted."""
        return tuple(layer for model in self.models for layer in model.layers)

    @property
    def layout(self):
        return self.models[0].layout

    @property
    def total_params(self):
        """The Total params line of a one-model paste (None when absent, or for several models)."""
        return self.models[0].total_params if len(self.models) == 1 else None

    @property
    def totals_note(self):
        return " ".join(model.totals_note for model in self.models)

    @property
    def reconciled(self):
        """True when every model's rows make its Total params, False when one does not, else None."""
        verdicts = [model.reconciled for model in self.models]
        return False if False in verdicts else None if None in verdicts else True

    def to_dict(self):
        """JSON-ready: the verdict, every row (with its model's index) and every model's totals."""
        return {
            "layout": self.layout, "reconciled": self.reconciled, "total_params": self.total_params,
            "layers": [{**layer.to_dict(), "model": index}
                       for index, model in enumerate(self.models) for layer in model.layers],
            "models": [model.to_dict() for model in self.models],
        }

    def __str__(self):
        if len(self.models) == 1:
            return "\n".join(self.models[0].lines())
        lines = [f"{len(self.models)} models in one paste; each is added up against its own Total params."]
        for index, model in enumerate(self.models, start=1):
            named = f' "{model.name}"' if model.name else ""
            lines.append("")
            lines.append(f"Model {index}{named}:")
            lines.extend(model.lines())
        return "\n".join(lines)


def plural(count, word):
    """``'1 layer'``, ``'3 layers'``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def explain_summary(text):
    """Explain a pasted ``model.summary()``: every row, and every reading of each recurrent count.

    Several summaries in one paste are explained one by one. Raises ValueError (one line) for text
    that is not a model summary.

    >>> print(explain_summary("lstm_6 (LSTM) (None, 3) 72"))
    1 layer read from a text table whose spaces were collapsed (a web copy).
    <BLANKLINE>
    lstm_6 (LSTM): output (None, 3), 72 parameters
      units = 3: the output's last axis
      1 reading reproduces the count exactly:
        LSTM(3) on 2 features: 4 × (3·2 + 3·3 + 3) = 72
    <BLANKLINE>
    The rows add up to 72 parameters (the summary's Total params line was not pasted).
    """
    summaries = parse_summaries(text)
    if summaries[0].family == torch.NAME:
        # PyTorch's rows carry num_layers, proj_size, rounded counts and states' shapes, which the
        # Keras readings have no place for: PyTorch's formula and readings are their own.
        (printout,) = summaries
        return explain_torch_rows(printout)
    models = []
    for summary in summaries:
        models.append(ModelReport(
            tuple(explain_rows(summary)), summary.layout, summary.model_name, summary.total_params,
            summary.trainable_params, summary.non_trainable_params, summary.optimizer_params, summary.unread_lines,
        ))
    return SummaryReport(tuple(models))
