"""Red-flag detectors: one module per family, all listed in ``registry``."""
