#!/usr/bin/env python
"""`make bench`: time and peak memory of each build step, real graph and 10x / 100x synthetic graphs.

A benchmark, not a test: it prints a table. Options: --scales 1,10,100  --steps parse,validate,...
The work is done by pactkg.build.pipeline.benchmark (each step in its own process).
"""

import argparse
import sys

from pactkg.build.pipeline import benchmark

if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    benchmark.add_arguments(parser)
    sys.exit(benchmark.run(parser.parse_args()))
