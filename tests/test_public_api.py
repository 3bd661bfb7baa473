"""The public surface is what `flashpoint.__all__` lists, exactly (cf. httpx's test_exported_members)."""

import flashpoint


def test_all_names_exist_and_nothing_else_public_is_exported():
    exported = {name for name in dir(flashpoint) if not name.startswith("_")}
    subpackages = {
        "actors", "attribution", "coder", "data", "errors", "events", "ingest", "nlp", "ontology",
        "places", "records", "store", "times", "evaluation", "cli", "display", "monitor", "scale",
        "api", "web", "exports",
    }  # fmt: skip
    assert set(flashpoint.__all__) <= exported
    assert exported - set(flashpoint.__all__) <= subpackages


def test_library_entry_point_codes_an_article():
    article = flashpoint.Article(text="Russian troops attacked Kharkiv.", id="a1", published="2022-03-01")
    (record,) = flashpoint.code_articles([article])
    assert record.to_dict()["events"][0]["type"] == "ASSAULT"
