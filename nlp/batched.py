"""A base for newsmine components whose work is cheapest over a whole batch of Docs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from spacy.pipeline import Pipe
from spacy.tokens import Doc
from spacy.util import minibatch


class BatchedPipe(Pipe):
    """Runs `_annotate` on batches of `batch_size` Docs: one embedding call per batch, not per Doc.

    A batch that fails goes to spaCy's error handler (raise by default, or the handler the
    caller set), so one bad batch is the caller's decision, not a silent loss.
    """

    batch_size: int

    def _annotate(self, docs: Sequence[Doc]) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        error_handler = self.get_error_handler()
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            try:
                self._annotate(batch)
            except Exception as error:  # noqa: BLE001  (the caller's handler decides)
                error_handler(self.name, self, batch, error)
            yield from batch
