"""The text encoders newsmine offers, and the static one's artifact (see MODEL_CARD.md).

Kept free of heavy imports: the command line reads these names on every start.
"""

ENCODERS = ("static", "minilm")
DEFAULT_ENCODER = "static"
