"""One module per area of the command line; `newsmine.cli` registers their commands."""
