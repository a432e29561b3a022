"""lv-pact-1939: the knowledge graph of the 1939 Latvian–Soviet Mutual Assistance Pact.

The package is importable (tests and other tools use it directly); `pactkg` on the command line is a
thin layer over it (see cli.py).
"""

__version__ = "0.1.0"
