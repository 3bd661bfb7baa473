"""The accurate profile's role tagger (events/tagger.py): its spans, how it guides the role chooser, its
training and the shipped weights, and the profile that turns it on."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from flashpoint.errors import ConfigError
from flashpoint.events.coder import find_events, is_reciprocal, role_frame, sentence_span, tagged_roles
from flashpoint.events.roles import role_options
from flashpoint.events.tagger import LABELS, SEEDS, member_path, role_spans
from flashpoint.nlp.pipeline import PROFILES, profile_name

from .test_stages import coded


def _words(text: str) -> list[str]:
    return text.split()


class MarkingTagger:
    """A stand-in tagger that marks the given words as a target (or `label`) wherever they occur."""

    model_id = "marking"

    def __init__(self, words: list[str], label: str = "T") -> None:
        self.words = words
        self.label = label

    def tag(self, sentences):
        out = []
        for words in sentences:
            tags = ["O"] * len(words)
            for i in range(len(words)):
                if words[i : i + len(self.words)] == self.words:
                    tags[i : i + len(self.words)] = [f"B-{self.label}"] + [f"I-{self.label}"] * (
                        len(self.words) - 1
                    )
            out.append(tags)
        return out

    def probabilities(self, sentences):
        """Certain of every mark (each word's label with probability 1)."""
        return [np.eye(len(LABELS))[[LABELS.index(t) for t in tags]] for tags in self.tag(sentences)]


class ChanceTagger:
    """A stand-in tagger that gives each listed word the chance of being in a target, every other O."""

    model_id = "chance"

    def __init__(self, chances: dict[str, float]) -> None:
        self.chances = chances

    def probabilities(self, sentences):
        out = []
        for words in sentences:
            rows = np.zeros((len(words), len(LABELS)))
            for i, word in enumerate(words):
                p = self.chances.get(word, 0.0)
                rows[i, LABELS.index("I-T")], rows[i, LABELS.index("O")] = p, 1 - p
            out.append(rows)
        return out


def test_spans_are_runs_of_a_role_and_a_joint_actor_is_both():
    tags = ["B-S", "I-S", "O", "B-T", "I-T", "B-T", "O", "I-T", "B-R", "I-R"]
    assert role_spans(tags, "S") == {(0, 2), (8, 10)}
    # A new B- closes the run before it; an I- without its B- still opens one.
    assert role_spans(tags, "T") == {(3, 5), (5, 6), (7, 8), (8, 10)}
    assert role_spans(["O", "O"], "T") == set()


def test_the_tagged_reading_among_the_choosers_options_becomes_the_recipient(nlp):
    doc = coded(nlp, "Militias fired rockets at the U.S. embassy in Baghdad on Sunday.")
    (plain,) = find_events(doc)
    (guided,) = find_events(doc, tagger=MarkingTagger(["the", "U.S.", "embassy"]))
    assert [r.text for r in guided.recipient] == ["the U.S. embassy"]
    assert "tagger:marking" in guided.provenance.split(";") and "tagger" not in plain.provenance
    assert guided.type == plain.type and guided.trigger == plain.trigger


def test_a_tagged_target_fills_a_recipient_the_chooser_left_empty(nlp):
    doc = coded(nlp, "The government lifted the curfew.")
    (plain,) = find_events(doc)
    assert not plain.recipient
    (guided,) = find_events(doc, tagger=MarkingTagger(["the", "curfew"]))
    assert [r.text for r in guided.recipient] == ["the curfew"]
    assert "tagger:marking" in guided.provenance.split(";")


def test_the_tagger_changes_roles_never_which_events_are_coded(nlp):
    doc = coded(nlp, "Police arrested two protesters in Delhi. Hamas fired rockets into southern Israel.")
    coded_events = [(e.trigger, e.type, e.cameo, e.modality) for e in find_events(doc)]
    guided = find_events(doc, tagger=MarkingTagger(["nowhere"]))
    assert [(e.trigger, e.type, e.cameo, e.modality) for e in guided] == coded_events


@pytest.mark.parametrize("words", [["U.S.", "embassy", "in"], ["Sunday"], ["rockets"]])
def test_the_recipient_always_shares_words_with_a_tagged_target(nlp, words):
    doc = coded(nlp, "Militias fired rockets at the U.S. embassy in Baghdad on Sunday.")
    (guided,) = find_events(doc, tagger=MarkingTagger(words))
    tagged = {t.i for t in doc if t.text in words}
    assert guided.recipient and all(
        any(tagged & {t.i for t in doc.char_span(r.start, r.end)}) for r in guided.recipient
    )


def test_parties_tagged_as_acting_jointly_make_the_act_reciprocal(nlp):
    doc = coded(nlp, "India and Pakistan clashed in Kashmir.")
    (plain,) = find_events(doc)
    (guided,) = find_events(doc, tagger=MarkingTagger(["India", "and", "Pakistan"], label="R"))
    assert not is_reciprocal(plain) and is_reciprocal(guided)
    assert [a.text for a in guided.actor] == ["India", "Pakistan"] and not guided.recipient


def test_a_coordination_tagged_as_one_span_matches_its_members(nlp):
    doc = coded(nlp, "The United States imposed sanctions on Iran and Syria.")
    (guided,) = [e for e in find_events(doc, tagger=MarkingTagger(["Iran", "and", "Syria"])) if e.recipient]
    assert [r.text for r in guided.recipient] == ["Iran", "Syria"]


def _marked(nlp, text: str, tagger) -> dict[str, str]:
    """What the tagger's probabilities mark among the chooser's options: mark -> the option's words."""
    doc = coded(nlp, text)
    (event,) = find_events(doc)
    options = role_options(role_frame(doc, event))
    (tagged,) = tagged_roles([sentence_span(doc, event)], tagger)
    marks = {}
    for option in tagged.with_features(options, doc):
        for mark in (f for f in option.features if f.startswith("pT:")):
            assert mark not in marks  # each mark on one option only
            marks[mark] = doc[option.start : option.end].text if option.head is not None else "none"
    return marks


def test_the_reading_the_tagger_finds_likeliest_is_marked_for_the_chooser(nlp):
    text = "Militias fired rockets at the U.S. embassy in Baghdad on Sunday."
    # "in Baghdad" is less likely in than out, so the likeliest reading stops before it.
    chances = {"the": 0.6, "U.S.": 0.9, "embassy": 0.95, "in": 0.3, "Baghdad": 0.45}
    assert _marked(nlp, text, ChanceTagger(chances)) == {"pT:best": "the U.S. embassy"}
    # Raise Baghdad above even odds and the whole phrase outweighs its start.
    chances.update({"in": 0.45, "Baghdad": 0.9})
    assert _marked(nlp, text, ChanceTagger(chances)) == {"pT:best": "the U.S. embassy in Baghdad"}


def test_where_no_reading_is_likelier_in_than_out_none_is_marked(nlp):
    marks = _marked(nlp, "Militias fired rockets at the U.S. embassy.", ChanceTagger({"embassy": 0.3}))
    assert marks == {"pT:none_best": "none"}


def test_without_torch_the_tagger_says_how_to_install_it(monkeypatch):
    from flashpoint.events import tagger

    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(ConfigError, match=r"flashpoint\[transformer\]"):
        tagger.RoleTagger.load()


def test_profiles_are_named_and_an_unknown_one_is_refused(monkeypatch):
    monkeypatch.delenv("FLASHPOINT_PROFILE", raising=False)
    assert profile_name() == "fast" and set(PROFILES) == {"fast", "accurate"}
    monkeypatch.setenv("FLASHPOINT_PROFILE", "accurate")
    assert profile_name() == "accurate" and profile_name("fast") == "fast"
    with pytest.raises(ConfigError, match="unknown profile"):
        profile_name("fastest")


def test_the_cli_refuses_an_unknown_profile():
    from click.testing import CliRunner

    from flashpoint.cli import cli

    result = CliRunner().invoke(cli, ["code", "-", "--profile", "fastest"], input="text")
    assert result.exit_code == 2 and "fastest" in result.output


@pytest.mark.parametrize("seed", SEEDS)
def test_the_shipped_weights_are_small_and_name_their_training(seed):
    path = member_path(seed)
    assert path.stat().st_size < 2_000_000
    with np.load(path) as data:
        assert tuple(data["labels"]) == LABELS
        meta = json.loads(str(data["meta"]))
        trained = sum(
            data[k].size for k in data.files if k.endswith((".lora_a", ".lora_b", "classifier.weight"))
        )
    assert "roles_train.bio" in meta["trained_on"] and meta["settings"]["seed"] == seed
    assert 200_000 < trained < 500_000


# -- with PyTorch (the `transformer` extra, which `make test` installs) ------------------------------------


@pytest.mark.slow
def test_the_shipped_tagger_marks_source_and_target():
    pytest.importorskip("torch")
    from flashpoint.events.tagger import load_role_tagger

    words = _words("Iran-backed militias fired rockets at the U.S. embassy in Baghdad on Sunday .")
    tagger = load_role_tagger()
    (tags,) = tagger.tag([words])
    (probabilities,) = tagger.probabilities([words])
    assert probabilities.shape == (len(words), len(LABELS))
    assert np.allclose(probabilities.sum(-1), 1.0) and tags == [LABELS[k] for k in probabilities.argmax(-1)]
    sources = {" ".join(words[s:e]) for s, e in role_spans(tags, "S")}
    targets = {" ".join(words[s:e]) for s, e in role_spans(tags, "T")}
    assert any("militias" in s for s in sources) and any("embassy" in t for t in targets)


@pytest.mark.slow
def test_training_is_deterministic_and_round_trips(tmp_path):
    pytest.importorskip("torch")
    from flashpoint.events.tagger import RoleTagger, TrainingSettings, save_tagger, train_role_tagger

    sentences = [
        (_words("Police arrested five protesters ."), ["B-S", "O", "B-T", "I-T", "O"]),
        (_words("Rebels attacked the army base ."), ["B-S", "O", "B-T", "I-T", "I-T", "O"]),
    ] * 4
    settings = TrainingSettings(epochs=2, batch_size=4)
    first, second = train_role_tagger(sentences, settings), train_role_tagger(sentences, settings)
    assert first.keys() == second.keys() and all(np.array_equal(first[k], second[k]) for k in first)
    assert first["bert.encoder.layer.0.attention.self.query.lora_a"].shape == (8, 384)
    save_tagger(first, tmp_path / "t.npz")
    (tags,) = RoleTagger.from_files([tmp_path / "t.npz"]).tag([_words("Police arrested the men .")])
    assert len(tags) == 5 and set(tags) <= set(LABELS)


@pytest.mark.slow
def test_the_accurate_profile_codes_with_the_tagger(monkeypatch):
    pytest.importorskip("torch")
    from flashpoint.coder import code_articles
    from flashpoint.ingest.article import Article
    from flashpoint.nlp.pipeline import load_pipeline

    monkeypatch.setenv("FLASHPOINT_PROFILE", "accurate")
    nlp = load_pipeline()
    assert nlp.get_pipe("flashpoint_events").tagger is not None
    text = "Militias fired rockets at the U.S. embassy in Baghdad on Sunday. Police arrested two protesters."
    (record,) = code_articles([Article(text=text, id="a")])
    assert len(record.events) == 2 and all(e.actor for e in record.events)


def test_the_evaluations_fold_taggers_are_trained_once_and_kept(tmp_path, monkeypatch):
    from flashpoint.evaluation import conflibert

    bio = tmp_path / "roles.bio"
    bio.write_text(
        "\n\n".join(f"Police O\narrested O\nman{i} B-T" for i in range(20)) + "\n", encoding="utf-8"
    )
    trained = []
    monkeypatch.setattr(
        conflibert, "train_role_tagger", lambda s, _: trained.append(len(s)) or {"x": np.ones(1)}
    )
    monkeypatch.setattr(conflibert.RoleTagger, "from_files", classmethod(lambda cls, paths, model_id: paths))
    first = conflibert.cv_taggers(bio, cache=tmp_path / "cache")
    members = conflibert.FOLDS * len(conflibert.SEEDS)  # every member of every fold's ensemble
    assert len(trained) == members and sum(trained) == 20 * (conflibert.FOLDS - 1) * len(conflibert.SEEDS)
    for k, paths in enumerate(first):
        assert len(set(paths)) == len(conflibert.SEEDS)
        assert all(path.exists() and path.name.startswith(f"fold{k}-") for path in paths)
    assert conflibert.cv_taggers(bio, cache=tmp_path / "cache") == first and len(trained) == members


def test_without_torch_the_accurate_profiles_evaluation_is_skipped_with_the_reason(tmp_path, monkeypatch):
    from flashpoint.evaluation import evaluate

    bio = tmp_path / "roles.bio"
    bio.write_text("Police B-S\narrested O\nmen B-T\n", encoding="utf-8")
    monkeypatch.setenv("FLASHPOINT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setitem(sys.modules, "torch", None)
    result = evaluate("conflibert-roles-tagger", bio)["conflibert-roles-tagger"]
    assert "flashpoint[transformer]" in result["skipped"]
