"""Argument checks shared by every public function, so bad input fails early and clearly."""

import numbers

KINDS = ("lstm", "gru", "simple_rnn")


def check_kind(kind):
    """Return ``kind`` normalised to lower case, or raise a ValueError naming the choices."""
    if not isinstance(kind, str):
        raise TypeError(f"kind must be a string, one of {', '.join(map(repr, KINDS))}; got {kind!r}")
    normalised = kind.strip().lower().replace("-", "_")
    if normalised == "simplernn":
        normalised = "simple_rnn"
    if normalised not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, KINDS))}; got {kind!r}")
    return normalised


def check_size(name, value):
    """Return ``value`` as an int if it is a positive whole number; raise naming ``name`` otherwise."""
    # bool is an Integral in Python, but LSTM(True) is always a mistake.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer; got {value!r} ({type(value).__name__})")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def check_flag(name, value):
    """Return ``value`` if it is a real bool (not 0/1 or a string); raise naming ``name`` otherwise."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False; got {value!r}")
    return value
