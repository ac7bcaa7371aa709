"""The typer application every command module registers on."""
import typer

app = typer.Typer(
    name="jpolicy",
    help="Read Japanese privacy policies, consent forms and web forms; report what they lack.",
    no_args_is_help=True,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"jpolicy {version('jpolicy')}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version of jpolicy and exit."),
) -> None:
    """Read Japanese privacy policies, consent forms and web forms; report what they lack."""
