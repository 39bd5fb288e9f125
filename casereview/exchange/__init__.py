"""Offline exchange packages between a team server and reviewers' laptops."""
