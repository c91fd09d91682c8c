"""Catalog file formats: each reader turns one file into validated product records.

`store.importer.import_catalog` is the public entry point; it picks a reader, checks the
records against the database and writes them in one transaction.
"""
