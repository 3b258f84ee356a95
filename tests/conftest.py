"""Fixtures for the tests."""

import numpy as np
import pytest


@pytest.fixture
def rng():
    """A seeded random generator, so every run draws the same numbers."""
    return np.random.default_rng(20261124)


@pytest.fixture(scope="session")
def keras():
    """Keras, imported once, with its random state seeded."""
    import keras as keras_module

    keras_module.utils.set_random_seed(0)
    return keras_module
