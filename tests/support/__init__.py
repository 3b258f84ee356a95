"""Helpers the tests share: imported by test modules and conftests, never the other way round."""
