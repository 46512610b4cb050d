"""Landscape: a map dashboard for the Chon Kemin – Ile-Alatau transboundary landscape."""

__version__ = "0.1.0"
