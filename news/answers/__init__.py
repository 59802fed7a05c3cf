"""Answers: questions parsed, searched and ranked by story; digests composed; JSON shapes."""
