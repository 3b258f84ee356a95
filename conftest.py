"""Test-wide set-up that must run before anything imports TensorFlow."""

import os

# The same quiet, CPU-only, deterministic environment the site build gives its kernels (conf.py).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
