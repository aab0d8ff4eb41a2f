"""Coach: an evidence-grounded feedback and coaching assistant (English and Simplified Chinese)."""

__version__ = "0.1.0"
__all__ = ["__version__"]
