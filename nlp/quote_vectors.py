"""The quote-vectors stage: one unit vector per quote, for semantic search (`search --similar`).

`newsmine_quote_vectors` sets `Quote.embedding` for every quote in `doc._.quotes` that has
none yet, with the encoder the corpus database uses (`encoder`: "static" or "minilm", see
models/embeddings/encoders.py). The zero-shot topics stage, when it runs first, has embedded each quote
already and leaves its vector; this stage fills the rest (all of them after a trained topic
model, or in a pipeline without topics). Embedding inside `nlp.pipe` puts the work in the
worker processes, batched over all quotes of a batch of documents, instead of in a second
pass over the database after the analysis.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from newsmine.models.embeddings import DEFAULT_ENCODER
from newsmine.nlp.batched import BatchedPipe
from newsmine.models.embeddings.encoders import DEFAULT_DEVICE, check_encoder, embed
from newsmine.nlp.extensions import register_extensions

register_extensions()

DEFAULT_BATCH_SIZE = 32


class QuoteVectors(BatchedPipe):
    """Embeds the quotes of each batch of documents in one call."""

    def __init__(
        self,
        nlp: Language,
        name: str = "newsmine_quote_vectors",
        *,
        encoder: str = DEFAULT_ENCODER,
        device: str = DEFAULT_DEVICE,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        self.name = name
        self.encoder = check_encoder(encoder)
        self.device = device
        self.batch_size = batch_size

    def _annotate(self, docs: Sequence[Doc]) -> None:
        quotes = [quote for doc in docs for quote in (doc._.quotes or []) if quote.embedding is None]
        vectors = embed([quote.text for quote in quotes], encoder=self.encoder, device=self.device)
        for quote, vector in zip(quotes, vectors):
            quote.embedding = vector


@Language.factory(
    "newsmine_quote_vectors",
    default_config={"encoder": DEFAULT_ENCODER, "device": DEFAULT_DEVICE, "batch_size": DEFAULT_BATCH_SIZE},
    requires=["doc._.quotes"],
)
def make_quote_vectors(nlp: Language, name: str, encoder: str, device: str, batch_size: int) -> QuoteVectors:
    """Build the quote-vectors component (see the module docstring)."""
    return QuoteVectors(nlp, name, encoder=encoder, device=device, batch_size=batch_size)
