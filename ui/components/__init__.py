"""The parts of the Streamlit app, one job each (ui/app.py puts them on the page)."""
