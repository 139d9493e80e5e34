"""The topic model: taxonomy data, the zero-shot default, training, and emerging-topic discovery.

See MODEL_CARD.md for how the default scores labels and which model a pipeline uses.
"""
