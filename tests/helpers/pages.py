"""A web page for the tests that fetch one from a local server: an article trafilatura can read."""

from __future__ import annotations

__all__ = ["HARBOUR_PAGE"]

HARBOUR_PAGE = """<html><head><title>Harbour dredging plan approved</title></head><body><article>
<h1>Harbour dredging plan approved</h1>
<p>The city council approved the harbour dredging plan on Monday after a long debate.</p>
<p>Officials said the work will allow larger container ships to dock by next spring.</p>
<p>Environmental groups warned that the dredging could harm the seagrass meadows.</p>
<p>The council promised monitoring and a review of the plan within two years.</p>
</article></body></html>"""
