"""The faces: the Streamlit app (`ui/app.py`) and the Typer CLI (`ui/cli.py`)."""
