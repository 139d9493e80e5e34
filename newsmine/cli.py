"""The `newsmine` command line: a thin click shell over the library.

Each command parses its options, calls one library function and turns project errors
into one-line messages on stderr. The `analyze` and `extract` outputs are the contract in
DESIGN.md; everything machine-readable is JSON Lines.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from newsmine.corpus.embeddings_index import claim_encoder
from newsmine.corpus.schema import Document
from newsmine.corpus.store import CorpusStore, StoreError
from newsmine import __version__
from newsmine.batch import run_analysis
from newsmine.errors import InputError, NewsmineError
from newsmine.options import (
    UsageProblem,
    check_device,
    db_option,
    embeddings_option,
    open_output,
    progress_bar,
    require_writable,
)
from newsmine.settings import PipelineSettings

INPUT_PATH = click.Path(path_type=Path)


# Commands that live beside their library, imported only when used: loading spaCy and
# torch for `newsmine trends` would cost seconds on every call.
LAZY_COMMANDS = {
    "export": "newsmine.commands.export:export",
    "extract": "newsmine.commands.extract:extract",
    "scrape": "newsmine.commands.scrape:scrape",
    "reextract": "newsmine.commands.scrape:reextract_command",
    "search": "newsmine.commands.search:search",
    "entities": "newsmine.commands.search:entities",
    "experts": "newsmine.commands.search:experts",
    "topics": "newsmine.commands.topics:topics",
    "trends": "newsmine.commands.report:trends",
    "report": "newsmine.commands.report:report",
    "serve": "newsmine.commands.serve:serve",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module the first time the command is needed,
    and prints every error the same way: one `error: ...` line on stderr, no traceback."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, *rest, standalone_mode=False, **extra)
        try:
            result = super().main(args, *rest, standalone_mode=False, **extra)
        except click.UsageError as error:
            if error.ctx is not None:
                click.echo(error.ctx.get_usage(), err=True)
            _error_line(error.format_message())
            sys.exit(error.exit_code)
        except click.ClickException as error:
            _error_line(error.format_message())
            sys.exit(error.exit_code)
        except (click.Abort, KeyboardInterrupt):
            _error_line("interrupted")
            sys.exit(130)
        except (NewsmineError, StoreError, sqlite3.Error) as error:  # expected failures: no traceback
            _error_line(str(error))
            sys.exit(1)
        except BrokenPipeError:  # `newsmine search ... | head`: the reader left; say nothing more
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module_name), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsmine")
def cli() -> None:
    """newsmine: news articles and expert commentary into a searchable corpus.

    Analyse files into the corpus database, then search it, list experts and entities,
    follow topic trends and write reports. Every command takes --help.
    """
    # Library warnings (a model trained with another scikit-learn, a lost worker) reach the
    # user as notes; errors are printed by the commands themselves, once.
    logging.basicConfig(level=logging.WARNING, format="note: %(message)s")


def _error_line(message: str) -> None:
    click.echo(f"error: {message}", err=True)


def _progress(documents: Iterable[Document]) -> Iterable[Document]:
    return progress_bar(documents, desc="analysing")


topic_model_option = click.option(
    "--topic-model",
    type=click.Path(exists=True, path_type=Path),
    envvar="NEWSMINE_TOPIC_MODEL",
    default=None,
    metavar="PATH",
    help="A model from `newsmine topics train` (its folder or model.joblib) instead of the zero-shot "
    "default; NEWSMINE_TOPIC_MODEL sets it too.",
)


def _topic_settings(topic_model: Path | None, taxonomy: str | None) -> tuple[str | None, str]:
    """The topic model to use (checked now, before any work) and a line saying which it is."""
    if topic_model is None:
        return None, f"zero-shot over {taxonomy or 'the packaged taxonomy'}"
    from newsmine.models.topics.train import describe_model, load_model

    try:
        load_model(topic_model)
    except Exception as error:  # noqa: BLE001  (unpickling a foreign file can raise anything)
        reason = error.reason if isinstance(error, InputError) else f"not a newsmine topic model ({error})"
        raise UsageProblem(f"{topic_model}: {reason}") from None
    return str(topic_model), describe_model(topic_model)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=INPUT_PATH)
@click.option("-o", "--output", "output_path", default=None, metavar="OUT.jsonl",
              help="Also write one JSON document per line ('-' for stdout).")
@click.option("--force", is_flag=True, help="Reanalyse documents even when their content is already stored.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes, each loading the models once (default: all cores; 1: in-process).")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Analyse on the Dask scheduler at ADDRESS ('local': a local cluster of --workers processes).")
@embeddings_option()
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="cpu", show_default=True,
              help="Where MiniLM runs with --embeddings minilm ('auto': CUDA when present).")
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False), default=None, metavar="FILE",
              help="Your own topic taxonomy (JSON, as models/topics/taxonomy.json); add --force to relabel "
                   "documents already stored.")
@topic_model_option
@db_option
def analyze(
    paths: tuple[Path, ...],
    output_path: str | None,
    force: bool,
    workers: int | None,
    dask_address: str | None,
    encoder: str,
    device: str,
    taxonomy: str | None,
    topic_model: Path | None,
    db: str,
) -> None:
    """Analyse .txt, .html, .htm, .html.gz, .pdf and .jsonl files (or folders of them).

    Entities, quotes with their speakers, and topics are stored in the corpus database;
    documents already stored with the same content are skipped, so reruns resume.

    Example: newsmine analyze corpus/samples/ -o analysed.jsonl --workers 2
    """
    from newsmine.parallel import available_cores

    started = time.monotonic()
    for path in paths:
        if not path.exists():
            raise UsageProblem(f"{path}: no such file or directory")
    if encoder == "static" and device != "cpu":
        click.echo("note: --device applies to --embeddings minilm; the static encoder is a CPU table lookup", err=True)
    else:
        device = check_device(device)
    model, model_line = _topic_settings(topic_model, taxonomy)
    try:
        with CorpusStore(db) as store, open_output(output_path) as output:
            require_writable(store)
            claim_encoder(store, encoder)
            click.echo(f"note: topics: {model_line}", err=True)
            summary = run_analysis(
                paths,
                store=store,
                output=output,
                report_error=_error_line,
                force=force,
                progress=_progress,
                workers=workers or available_cores(),
                dask=dask_address,
                settings=PipelineSettings(taxonomy=taxonomy, encoder=encoder, device=device, topic_model=model),
            )
            _index_embeddings(store, encoder=encoder, device=device)
    except (StoreError, InputError, OSError) as error:  # OSError: an unreachable Dask scheduler
        raise UsageProblem(str(error)) from None
    click.echo(f"{summary.line()} in {time.monotonic() - started:.1f}s; stored in {db}", err=True)
    if summary.failures:
        sys.exit(1)


def _index_embeddings(store: CorpusStore, *, encoder: str, device: str = "cpu") -> None:
    """Embed the quotes stored without an embedding (batched), for `search --similar`."""
    import functools

    from newsmine.corpus.embeddings_index import index_quote_embeddings, missing_embeddings
    from newsmine.models.embeddings.encoders import embed

    if missing_embeddings(store):
        index_quote_embeddings(store, functools.partial(embed, encoder=encoder, device=device))


@cli.command()
@click.argument("gold_path", metavar="GOLD.jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--errors", "show_errors", is_flag=True, help="List every miss and false alarm after the figures.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("-o", "--output", "output_path", default=None, metavar="OUT.jsonl",
              help="Also write the analysed documents (analyze contract).")
@embeddings_option()
@topic_model_option
def evaluate(
    gold_path: Path, show_errors: bool, as_json: bool, output_path: str | None, encoder: str, topic_model: Path | None
) -> None:
    """Analyse a gold file's texts (ignoring its answers) and score quotes, entities, topics.

    Example: newsmine evaluate ../shared/eval/dev/gold.jsonl --errors
    """
    from newsmine.evaluate import evaluate as score
    from newsmine.evaluate import format_report
    from newsmine.nlp.pipeline import analyze as analyse_documents
    from newsmine.nlp.pipeline import get_pipeline
    from newsmine.scraper.ingest import read_documents

    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    documents = read_documents([gold_path], on_error=lambda error: _error_line(str(error)))
    model, model_line = _topic_settings(topic_model, None)
    click.echo(f"note: topics: {model_line}", err=True)
    language = get_pipeline(PipelineSettings(encoder=encoder, topic_model=model))
    analysed = analyse_documents(_progress(documents), language=language)
    predicted = {document.id: document for document in analysed}
    if output_path:
        with open_output(output_path) as output:
            for document in predicted.values():
                output.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
    evaluation = score(gold, predicted)
    click.echo(json.dumps(evaluation.to_dict()) if as_json else format_report(evaluation))
    if show_errors:
        for error in evaluation.errors:
            click.echo(json.dumps(error, ensure_ascii=False) if as_json else _format_error(error))


def _format_error(error: dict[str, object]) -> str:
    detail = "".join(f" {key}={error[key]!r}" for key in ("gold", "predicted") if key in error)
    return f"{error['id']}: {error['error']}: {str(error['text'])[:100]!r}{detail}"


if __name__ == "__main__":  # `python -m newsmine.cli`, as the console script does
    cli()
