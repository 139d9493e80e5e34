"""`newsmine topics`: train a topic model on your own labels, or discover emerging topics.

Thin wrappers over `models.topics.train` and `models.topics.discover`; project errors become
one-line messages.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from tqdm import tqdm

from newsmine.models.topics.discover import (
    DEFAULT_MIN_SIZE,
    DEFAULT_TERMS,
    DISCOVERY_ENCODER,
    Progress,
    discover,
)
from newsmine.models.topics.taxonomy import load_taxonomy
from newsmine.models.topics.train import (
    DEFAULT_OUTPUT,
    DEFAULT_SEED,
    MODEL_FILE,
    read_examples,
    train_and_save,
)
from newsmine.errors import InputError, NewsmineError
from newsmine.options import UsageProblem, check_device, embeddings_option, progress_bar
from newsmine.models.embeddings.encoders import DEVICES
from newsmine.scraper.ingest import read_documents

logger = logging.getLogger(__name__)

taxonomy_option = click.option(
    "--taxonomy",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Taxonomy JSON (labels, descriptions, seed terms); default: models/topics/taxonomy.json.",
)
device_option = click.option(
    "--device",
    type=click.Choice(sorted(DEVICES)),
    default="cpu",
    show_default=True,
    help="Where MiniLM runs with --embeddings minilm.",
)



@click.group(name="topics")
def topics() -> None:
    """Topic model tools: train on your own labels, discover topics outside the taxonomy."""


@topics.command(name="train")
@click.argument("labels", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Folder for model.joblib, meta.json and MODEL_CARD.md; use it with `analyze --topic-model DIR`.",
)
@click.option("--force", is_flag=True, help="Replace a model already in the output folder.")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed for every random step.")
@taxonomy_option
@embeddings_option()
def train_command(labels: Path, output: Path, force: bool, seed: int, taxonomy: Path | None, encoder: str) -> None:
    """Train a topic classifier on LABELS.jsonl (one {"text": ..., "topics": [...]} per line).

    The model is used only where you ask for it: `newsmine analyze --topic-model DIR`
    (or `evaluate --topic-model DIR`). An existing model is never replaced without --force.

    Example: newsmine topics train my_labels.jsonl -o my-topic-model
    """
    if (output / MODEL_FILE).exists() and not force:
        raise UsageProblem(f"{output}: already holds a topic model; add --force to replace it, or choose -o DIR")
    try:
        examples = read_examples(labels)
        click.echo(f"note: training on {len(examples)} examples, then cross-validating them", err=True)
        model = train_and_save(
            examples, seed=seed, output=output, data=str(labels), taxonomy=load_taxonomy(taxonomy), encoder=encoder
        )
    except NewsmineError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"{output}: cannot write the model ({error.strerror or error})") from None
    metrics = model.meta.get("metrics") or "not computed"
    click.echo(f"trained on {len(examples)} examples, labels {', '.join(model.labels)}; metrics {metrics}")
    click.echo(f"saved to {output}; use it with: newsmine analyze PATH... --topic-model {output}")


@topics.command(name="discover")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@taxonomy_option
@click.option("--min-size", type=int, default=DEFAULT_MIN_SIZE, show_default=True, help="Smallest cluster kept.")
@click.option(
    "--distance",
    type=float,
    default=None,
    help="Cosine distance that splits clusters (default: 0.35 with static embeddings, 0.6 with minilm).",
)
@click.option("--clusters", type=int, default=None, help="Exact number of clusters instead of --distance.")
@click.option("--terms", type=int, default=DEFAULT_TERMS, show_default=True, help="Terms that name a cluster.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines instead of text.")
@embeddings_option(default=DISCOVERY_ENCODER)
@device_option
def discover_command(
    paths: tuple[Path, ...],
    taxonomy: Path | None,
    min_size: int,
    distance: float | None,
    clusters: int | None,
    terms: int,
    as_json: bool,
    encoder: str,
    device: str,
) -> None:
    """Find clusters of paragraphs that fit no taxonomy label, named by their distinctive terms.

    PATHS are files or folders of .txt, .html, .htm, .html.gz, .pdf or .jsonl documents.

    Example: newsmine topics discover corpus/samples/ --min-size 3
    """
    device = check_device(device) if encoder == "minilm" else device
    failures: list[InputError] = []
    try:
        documents = read_documents(paths, on_error=failures.append)
        texts = [document.text for document in progress_bar(documents, desc="reading")]
        with _scoring_progress() as progress:
            found = discover(
                texts,
                taxonomy=load_taxonomy(taxonomy),
                min_size=min_size,
                distance=distance,
                n_clusters=clusters,
                terms=terms,
                encoder=encoder,
                device=device,
                progress=progress,
            )
    except NewsmineError as error:
        raise click.ClickException(str(error)) from error
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if not found:
        click.echo(
            f"note: no emerging topics: no group of {min_size} or more paragraphs outside the taxonomy "
            f"in {len(texts)} documents",
            err=True,
        )
    for topic in found:
        if as_json:
            click.echo(json.dumps(topic.to_dict(), ensure_ascii=False))
        else:
            click.echo(f"{topic.size:5d}  {topic.name}  ({', '.join(topic.terms)})")
    if failures:
        raise SystemExit(1)


@contextmanager
def _scoring_progress() -> Iterator[Progress]:
    """A `progress(done, total)` callback drawing a bar of paragraphs scored on stderr."""
    bar = tqdm(desc="scoring paragraphs", unit="para", file=sys.stderr, disable=not sys.stderr.isatty())

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()
