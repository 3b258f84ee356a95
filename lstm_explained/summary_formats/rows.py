"""The rows every family of printouts produces: what a summary reader hands to the readings."""

from dataclasses import dataclass

@dataclass(frozen=True)
class SummaryRow:
    """One layer as the printout showed it."""

    name: str
    type: str  # as printed; "" when the column cut it off entirely
    type_complete: bool  # False when the type was cut at the column ("Bidirection")
    output_shape: str
    params: int
    connected_to: tuple = ()  # inbound layer names, when the printout has a "Connected to" column
    notes: tuple = ()  # what the reader had to undo on this row (a cut shape, a wrapped count)
    units: int | None = None  # when the printout states them (PyTorch's print(model) does)
    input_dim: int | None = None
    built: bool = True  # False for Keras 3's "0 (unbuilt)" rows


@dataclass(frozen=True)
class ParsedSummary:
    """The rows and totals of one model's printout, and which layout it was in."""

    rows: tuple
    layout: str
    family: str
    total_params: int | None = None
    trainable_params: int | None = None
    non_trainable_params: int | None = None
    optimizer_params: int | None = None
    has_connections: bool = False
    unread_lines: tuple = ()  # lines that look like a row but could not be read
    model_name: str | None = None
