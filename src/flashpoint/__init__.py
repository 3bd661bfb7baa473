"""Flashpoint."""
