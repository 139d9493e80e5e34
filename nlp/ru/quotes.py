"""placeholder"""
from spacy.language import Language
