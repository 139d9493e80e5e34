"""`newsmine trends` and `newsmine report`: topic trends and the HTML report over the corpus.

Thin click shells over corpus/trends.py and corpus/reports.py; the lead wires the two
command objects into the `newsmine` group.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from newsmine.commands.choices import checked_topic
from newsmine.corpus.reports import write_report
from newsmine.corpus.trends import FORMATS, PERIODS, format_trends, topic_trends
from newsmine.options import db_option, existing_store

logger = logging.getLogger(__name__)


@click.command()
@click.option("--by", type=click.Choice(PERIODS), default="month", show_default=True, help="Period length.")
@click.option("--topic", default=None, metavar="LABEL", help="Only this topic label.")
@click.option("--entity", default=None, metavar="NAME", help="Only documents that mention this entity.")
@click.option("--since", default=None, metavar="DATE", help="First day included (YYYY-MM-DD).")
@click.option("--until", default=None, metavar="DATE", help="Last day included (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Aligned table, CSV, or JSON Lines.")
@db_option
def trends(by: str, topic: str | None, entity: str | None, since: str | None, until: str | None,
           fmt: str, db: str) -> None:
    """Documents and quotes per topic per week, month or quarter, with the entities and experts
    driving each topic and the change against the previous period.

    Example: newsmine trends --by quarter --entity Khorgos --format csv
    """
    with existing_store(db) as store:
        topic = checked_topic(store, topic)
        try:
            rows = topic_trends(store, by=by, topic=topic, entity=entity, since=since, until=until)
        except ValueError as error:
            raise click.BadParameter(str(error)) from error
    if not rows:
        click.echo("no dated documents with topics match these options", err=True)
    for line in format_trends(rows, fmt=fmt):
        click.echo(line)


@click.command()
@click.option("-o", "--output", "output_path", default="report.html", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="HTML file to write.")
@db_option
def report(output_path: Path, db: str) -> None:
    """Write one self-contained HTML report: summary, topic trends, topics, experts, entities, documents.

    Example: newsmine report -o report.html --db newsmine.db
    """
    with existing_store(db) as store:
        try:
            written = write_report(store, output_path)
        except OSError as error:
            raise click.ClickException(f"{output_path}: cannot write the report ({error.strerror})") from error
    click.echo(f"report written to {written}", err=True)
