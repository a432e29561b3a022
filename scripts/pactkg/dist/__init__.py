"""Everything `make` writes, built once into a staging folder beside dist/ and swapped in whole.

The top of the data flow: it calls the build, the release and the site, and nothing imports it but the CLI.
"""
