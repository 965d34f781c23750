"""Typed models: one module per kind of record."""

from .common import Record
from .network import Network
from .portfolio import Portfolio
from .practice import Practice
from .registry import Municipality, Organisation, Theme
from .results import Results
from .template import Template

# Kind of record -> model. The loader names the kind; the validator picks the model here.
MODELS: dict[str, type[Record]] = {
    "practice": Practice,
    "network": Network,
    "results": Results,
    "municipality": Municipality,
    "organisation": Organisation,
    "theme": Theme,
    "portfolio": Portfolio,
    "template": Template,
}

__all__ = ["MODELS", "Municipality", "Network", "Organisation", "Portfolio", "Practice", "Results", "Template", "Theme"]
