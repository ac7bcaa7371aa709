"""``jpolicy train-purposes``: train the purpose classifier from labelled phrases."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nlp.cli._app import app
from nlp.errors import JPolicyError
from nlp.sanitize import for_terminal


@app.command("train-purposes")
def train_purposes_command(
    data: Path = typer.Option(Path("corpora/purposes/train.jsonl"), "--data",
                              help='Labelled phrases, one JSON object a line: {"text": ..., "label": ...}.'),
    out: Optional[Path] = typer.Option(None, "--out",
                                       help="Folder for model.joblib and metrics.json "
                                            "(default: a new folder runs/purpose-classifier-<UTC time>)."),
    force: bool = typer.Option(False, "--force", help="Overwrite a model already in --out (such as the shipped "
                                                      "models/purpose-classifier)."),
    folds: int = typer.Option(5, min=2, help="Cross-validation folds (outer and inner)."),
    seed: int = typer.Option(0, help="Seed of the fold shuffling."),
    jobs: int = typer.Option(1, min=1, help="Parallel processes for the grid searches over C."),
) -> None:
    """Train the purpose classifier (char n-gram TF-IDF + logistic regression):
    report nested cross-validated macro-F1 and accuracy, then fit on all data and
    write model.joblib and metrics.json. Progress goes to stderr."""
    from rich.console import Console

    from nlp.train import default_output_folder, train_purpose_classifier  # sklearn: only when training

    stderr = Console(stderr=True)

    def show(line: str) -> None:
        stderr.print(for_terminal(line), markup=False, highlight=False, soft_wrap=True)

    try:
        report = train_purpose_classifier(data, out or default_output_folder(), folds=folds, seed=seed, n_jobs=jobs,
                                          overwrite=force, progress=show)
    except JPolicyError as error:
        show(f"error: {error}")
        raise typer.Exit(2) from error
    typer.echo(f"{report.n_examples} phrases, {len(report.label_counts)} categories, {report.folds}-fold nested CV")
    typer.echo(f"cross-validated macro-F1 {report.cv_macro_f1:.3f}, accuracy {report.cv_accuracy:.3f} "
               f"(C chosen per fold: {', '.join(f'{c:g}' for c in report.cv_fold_chosen_c)})")
    width = max(map(len, report.per_class))
    typer.echo(f"{'category':<{width}}  precision  recall  f1     support")
    for label, scores in report.per_class.items():
        typer.echo(f"{label:<{width}}  {scores['precision']:.3f}      {scores['recall']:.3f}   "
                   f"{scores['f1-score']:.3f}  {scores['support']:g}")
    typer.echo(f"model (C={report.chosen_c:g}) -> {report.model_path}; metrics -> {report.metrics_path}")
