"""Domeinwijzer: knowledge base of the boundaries between Dutch care laws."""

__version__ = "0.1.0"
