"""The typer application every command module registers on."""
import typer

app = typer.Typer(
    name="jpolicy",
    help="Read Japanese privacy policies, consent forms and web forms; report what they lack.",
    no_args_is_help=True,
    add_completion=False,
)
