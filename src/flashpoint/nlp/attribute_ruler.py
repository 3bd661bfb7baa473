"""spaCy's attribute ruler with its one-token rules looked up, not matched: the same attributes, cheaper.

The model's `attribute_ruler` maps each token's tag (and a few words and dependency labels) to its
coarse part of speech, morphology and some lemmas, through ~180 Matcher patterns that spaCy's Matcher
tries at every token: about a tenth of the whole parse. Nearly all of those patterns are one token long,
so which of them match a token depends only on the few token attributes they test (tag, lower-cased
form, dependency label, is-space). This ruler keeps the model's patterns and attributes (it *is* an
`AttributeRuler`: same patterns, same serialisation) and, per token, looks up the rules matched by a
token with those attribute values (a word no rule names counts as any other such word), matching them
once per distinct combination with spaCy's own Matcher on that one token, and writes the results with
one `Doc.from_array`. Longer patterns still go through a Matcher, holding only them. Rules then apply in
the order spaCy applies them (later rules win), so every token ends with the attributes the stock
component gives it (tests/test_nlp_components.py compares the two token by token).
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# What the lookup may set: attributes of the token alone. A rule setting a lexeme's attribute (NORM, a
# flag) changes every token of that word, which a table of earlier matches could not follow.
_TOKEN_ATTRIBUTES = {POS, TAG, DEP, MORPH, LEMMA}
# Attribute ids below this are a word's boolean flags (IS_SPACE, ...): their two values are kept as they are.
_FLAG_ATTRIBUTES = 64
# The key value of an attribute value that no one-token rule names (not the hash of any string).
_OTHER_VALUE = 1
# Matcher pattern keys that are not token attributes, and the spelling the Matcher also accepts for ORTH.
_NOT_ATTRIBUTES = {"OP", "_"}
_ALIASES = {"TEXT": ORTH}
# Distinct attribute combinations remembered before the table is emptied (it grows with the vocabulary
# read, like the lemmatizer's cache: see model.trim_caches).
RULE_CACHE_LIMIT = 10_000


class IndexedAttributeRuler(AttributeRuler):
    """An `AttributeRuler` that finds the one-token rules of each token by a table lookup."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._plan: _Plan | None = None
        self._planned_for = -1

    def clear(self) -> None:
        super().clear()
        self._plan, self._planned_for = None, -1

    def adopt(self, ruler: AttributeRuler) -> IndexedAttributeRuler:
        """Take another ruler's patterns (as `from_bytes` would load them) and prepare the lookup."""
        self.clear()
        self.add_patterns(ruler.patterns)
        self.plan()
        return self

    def plan(self) -> _Plan | None:
        """The lookup plan for the current patterns (None: some rule needs the stock component)."""
        if self._planned_for != len(self.attrs):
            self._plan, self._planned_for = _Plan.build(self), len(self.attrs)
        return self._plan

    @property
    def cache_size(self) -> int:
        return len(self._plan.rules_by_key) if self._plan is not None else 0

    def trim_cache(self, limit: int = RULE_CACHE_LIMIT) -> None:
        if self._plan is not None and len(self._plan.rules_by_key) > limit:
            self._plan.rules_by_key.clear()

    def __call__(self, doc: Doc) -> Doc:
        plan = self.plan()
        if plan is None:
            return super().__call__(doc)
        error_handler = self.get_error_handler()
        try:
            plan.apply(self, doc)
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)


class _Plan:
    """One-token rules by the attribute values they test; the rest in a Matcher of their own."""

    def __init__(
        self,
        key_attrs: list[int],
        named_values: dict[int, numpy.ndarray],
        set_attrs: list[int],
        single: Matcher,
        multi: Matcher | None,
        rule_of_match: dict[int, int],
    ) -> None:
        self.key_attrs = key_attrs
        # Per key attribute, the values the one-token rules name: when every test of an attribute is
        # "equals / is in / is not in" a list of strings, all other values test alike and share one key.
        self.named_values = [(column, named_values[attr]) for column, attr in enumerate(key_attrs)
                             if attr in named_values]  # fmt: skip
        self.set_attrs = set_attrs
        self.single = single
        self.multi = multi
        self.rule_of_match = rule_of_match  # Matcher match id (hash of the rule's number) -> rule number
        # a token's key -> the rules it matches, and what they set: ((column in set_attrs, value), ...)
        self.rules_by_key: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[tuple[int, int], ...]]] = {}

    @classmethod
    def build(cls, ruler: AttributeRuler) -> _Plan | None:
        if any(set(attrs) - _TOKEN_ATTRIBUTES for attrs in ruler.attrs):  # leave these rules to spaCy
            return None
        single = Matcher(ruler.vocab, validate=False)
        multi = Matcher(ruler.vocab, validate=False)
        tests: dict[int, list] = {}
        rule_of_match: dict[int, int] = {}
        for rule, index in enumerate(ruler.indices):
            rule_of_match[ruler.vocab.strings.add(str(rule))] = rule
            for pattern in ruler.matcher.get(str(rule))[1]:
                tested = _tested_attributes(pattern[0]) if len(pattern) == 1 else None
                if tested is not None and index in (0, -1):
                    single.add(str(rule), [pattern])
                    for attr, test in tested.items():
                        tests.setdefault(attr, []).append(test)
                else:
                    multi.add(str(rule), [pattern])
        named_values = {
            attr: numpy.array(
                sorted({get_string_id(value) for test in attr_tests for value in _named_strings(test)}),
                dtype="uint64",
            )
            for attr, attr_tests in tests.items()
            if attr >= _FLAG_ATTRIBUTES
        }
        set_attrs = sorted({attr for attrs in ruler.attrs for attr in attrs})
        return cls(
            sorted(tests), named_values, set_attrs, single, multi if len(multi) else None, rule_of_match
        )

    def apply(self, ruler: AttributeRuler, doc: Doc) -> None:
        if not len(doc) or not self.set_attrs:
            return
        extra: dict[int, list[int]] = {}
        if self.multi is not None:
            for match_id, start, end in self.multi(doc, allow_missing=True, as_spans=False):
                rule = self.rule_of_match[match_id]
                index = ruler.indices[rule]
                target = (start if index >= 0 else end) + index
                if not start <= target < end:
                    # The stock component's error for an index outside its match.
                    raise ValueError(
                        f"attribute ruler rule {rule}: index {index} outside match {start}:{end}"
                    )
                extra.setdefault(target, []).append(rule)
        n_tokens, n_keys = len(doc), len(self.key_attrs)
        keys = doc.to_array(self.key_attrs).reshape(n_tokens, n_keys) if n_keys else None
        for column, named in self.named_values:
            values = keys[:, column]
            values[~numpy.isin(values, named)] = _OTHER_VALUE
        token_keys = (
            zip(*(keys[:, column].tolist() for column in range(n_keys)), strict=True)
            if n_keys
            else [()] * n_tokens
        )
        current = doc.to_array(self.set_attrs).reshape(n_tokens, len(self.set_attrs))
        columns = [current[:, column].tolist() for column in range(len(self.set_attrs))]
        rules_by_key = self.rules_by_key
        for i, key in enumerate(token_keys):
            found = rules_by_key.get(key)
            if found is None:
                found = rules_by_key[key] = self._rules_for(ruler, doc, i)
            rules, assigned = found
            if i in extra:
                assigned = self._assigned(ruler, sorted(rules + tuple(extra[i])))
            for column, value in assigned:
                columns[column][i] = value
        updated = numpy.array(columns, dtype="uint64").T
        if MORPH in self.set_attrs and not all(
            int(value) in doc.vocab.strings for value in numpy.unique(updated[:, self.set_attrs.index(MORPH)])
        ):
            # Doc.from_array looks each morphology up by its string: one it does not know (set by some
            # other component inside a memory zone) is written token by token, as spaCy's ruler would.
            for i, row in enumerate(updated.tolist()):
                set_token_attrs(doc[i], dict(zip(self.set_attrs, row, strict=True)))
            return
        doc.from_array(self.set_attrs, updated)

    def _rules_for(self, ruler: AttributeRuler, doc: Doc, i: int) -> tuple[tuple[int, ...], tuple]:
        """The one-token rules matching token i, and what they set (rules applied in order, later win)."""
        matches = self.single(doc[i : i + 1], allow_missing=True, as_spans=False)
        rules = tuple(sorted({self.rule_of_match[match_id] for match_id, _, _ in matches}))
        return rules, self._assigned(ruler, rules)

    def _assigned(self, ruler: AttributeRuler, rules) -> tuple[tuple[int, int], ...]:
        merged: dict[int, int] = {}
        for rule in rules:
            merged.update(ruler.attrs[rule])
        return tuple((self.set_attrs.index(attr), value) for attr, value in merged.items())


def _tested_attributes(token_pattern: dict) -> dict[int, object] | None:
    """attribute -> test, for a one-token pattern whose every test is a word flag's truth or a string
    attribute being / being in / not being in named strings; else None (such patterns are matched: a
    regular expression or a comparison can tell apart values that no pattern names)."""
    tested = {}
    for key, test in token_pattern.items():
        name = key.upper() if isinstance(key, str) else key
        if name in _NOT_ATTRIBUTES:
            return None
        attr = (_ALIASES.get(name) or IDS.get(name)) if isinstance(name, str) else name
        if not isinstance(attr, int) or not attr:
            return None
        if attr < _FLAG_ATTRIBUTES:
            if not isinstance(test, bool):
                return None
        elif _named_strings(test) is None:
            return None
        tested[attr] = test
    return tested


def _named_strings(test: object) -> set[str] | None:
    """The strings an equality or IN / NOT_IN test names; None for any other test."""
    if isinstance(test, str):
        return {test}
    if not isinstance(test, dict) or not test or not set(test) <= {"IN", "NOT_IN"}:
        return None
    named: set[str] = set()
    for values in test.values():
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            return None
        named.update(values)
    return named


@Language.factory("flashpoint_attribute_ruler", default_config={"validate": False})
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate)
