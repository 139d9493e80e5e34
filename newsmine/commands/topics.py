"""`newsmine topics`: train a topic model on your own labels, or discover emerging topics.

Thin wrappers over `models.topics.train` and `models.topics.discover`; project errors become
one-line messages.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click

from newsmine.models.topics.discover import (
    DEFAULT_MIN_SIZE,
    DEFAULT_TERMS,
    DISCOVERY_ENCODER,
    discover,
)
from newsmine.models.topics.taxonomy import load_taxonomy
from newsmine.models.topics.train import (
    DEFAULT_OUTPUT,
    DEFAULT_SEED,
    read_examples,
    train_and_save,
)
from newsmine.errors import InputError, NewsmineError
from newsmine.options import embeddings_option
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
    help="Folder for model.joblib, meta.json and MODEL_CARD.md; the default folder is used automatically.",
)
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed for every random step.")
@taxonomy_option
@embeddings_option()
def train_command(labels: Path, output: Path, seed: int, taxonomy: Path | None, encoder: str) -> None:
    """Train a topic classifier on LABELS.jsonl (one {"text": ..., "topics": [...]} per line).

    Example: newsmine topics train my_labels.jsonl -o models/topics/trained
    """
    try:
        examples = read_examples(labels)
        model = train_and_save(
            examples, seed=seed, output=output, data=str(labels), taxonomy=load_taxonomy(taxonomy), encoder=encoder
        )
    except NewsmineError as error:
        raise click.ClickException(str(error)) from error
    metrics = model.meta.get("metrics") or "not computed"
    click.echo(f"trained on {len(examples)} examples, labels {', '.join(model.labels)}; metrics {metrics}")
    click.echo(f"saved to {output}")


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

    PATHS are files or folders of .txt, .html, .htm, .html.gz or .jsonl documents.

    Example: newsmine topics discover corpus/samples/ --min-size 3
    """
    failures: list[InputError] = []
    try:
        texts = [document.text for document in read_documents(paths, on_error=failures.append)]
        found = discover(
            texts,
            taxonomy=load_taxonomy(taxonomy),
            min_size=min_size,
            distance=distance,
            n_clusters=clusters,
            terms=terms,
            encoder=encoder,
            device=device,
        )
    except NewsmineError as error:
        raise click.ClickException(str(error)) from error
    for failure in failures:
        click.echo(str(failure), err=True)
    for topic in found:
        if as_json:
            click.echo(json.dumps(topic.to_dict(), ensure_ascii=False))
        else:
            click.echo(f"{topic.size:5d}  {topic.name}  ({', '.join(topic.terms)})")
    if failures:
        raise SystemExit(1)
