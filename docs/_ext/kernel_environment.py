"""The environment every process that runs the pages' code gets: quiet, CPU-only, deterministic.

Used by the site build (for the kernels that execute the pages) and by pytest (for the Keras it
imports and the processes it starts), so a page and its test compute the same thing. A downloaded
notebook sets the TensorFlow part in its first cell; tests/site checks that it is the same.
"""

import os

# tensorflow-cpu with the first two prints nothing at import (TensorFlow 2.21). Anything that still
# reaches a cell's stderr fails the build (nb_output_stderr = "warn" with -W).
TENSORFLOW_ENVIRONMENT = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "KERAS_BACKEND": "tensorflow",
}

KERNEL_ENVIRONMENT = {
    **TENSORFLOW_ENVIRONMENT,
    # No GPU is ever used, even on a machine that has one: the pages' numbers must not depend on it.
    "CUDA_VISIBLE_DEVICES": "",
    # Read at interpreter start-up, so it reaches the kernels and test subprocesses, not the
    # process that sets it: set ordering and hashes in them do not change from run to run.
    "PYTHONHASHSEED": "0",
}


def apply_kernel_environment(environ=os.environ):
    """Set every variable of KERNEL_ENVIRONMENT that is not set already; return the environment.

    >>> apply_kernel_environment({"TF_CPP_MIN_LOG_LEVEL": "0"})["TF_CPP_MIN_LOG_LEVEL"]
    '0'
    """
    for name, value in KERNEL_ENVIRONMENT.items():
        environ.setdefault(name, value)
    return environ
