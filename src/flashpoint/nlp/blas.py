"""The model's matrix products on numpy's BLAS, one thread: the same annotations, a faster parse.

thinc's CPU backend (`NumpyOps`) multiplies matrices with blis by default. On the machines this project
is measured on (x86-64 with AVX-512), numpy's own BLAS (OpenBLAS, shipped in numpy's wheel) runs the
parse's products (the tok2vec and NER window encoders, the parser's precomputed features) about 2.8
times as fast on one thread, which makes the whole parse about 1.4 times as fast. thinc supports this
directly (`NumpyOps(use_blis=False)` delegates `gemm` to numpy), so the weights, the layers and the
transition system are the model's own; only who multiplies changes. The annotations (tags, dependencies,
heads, entities, lemmas, morphology, sentence starts) came out identical, token for token, on 139,000
tokens of the three benchmark corpora; `tests/test_nlp_components.py` checks it on a fixture.

Coding is one batch per core: scaling out is by worker processes (scale/), so the BLAS runs one thread
while a batch is coded (OpenBLAS would otherwise start a thread per core, and spin them, inside every
worker). The limit is a context, not a process-wide setting, so a program that imports Flashpoint keeps
its own BLAS threads outside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from spacy.language import Language
from thinc.api import Model, NumpyOps
from threadpoolctl import ThreadpoolController


def multiply_with_numpy(nlp: Language) -> int:
    """Point every thinc layer of the model's components that runs on blis (`NumpyOps`) at numpy's BLAS.
    Layers on other backends (a GPU, a transformer's torch) are left as they are. RETURNS (int): how many
    layers were switched."""
    ops = NumpyOps(use_blis=False)
    switched = 0
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for layer in model.walk():
            if type(layer.ops) is NumpyOps and layer.ops.use_blis:
                layer.ops = ops
                switched += 1
    return switched


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the BLAS (numpy's OpenBLAS, or whichever is loaded) on one thread inside the block. The loaded
    libraries are looked up each time (about a millisecond): a library loaded later (scipy's own OpenBLAS,
    under the accurate profile's transformers) must be limited too."""
    with ThreadpoolController().limit(limits=1, user_api="blas"):
        yield


__all__ = ["multiply_with_numpy", "one_blas_thread"]
