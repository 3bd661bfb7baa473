"""nlp: the spaCy model, the Doc extensions every stage uses, and the assembled pipeline."""

from .extensions import DOC_EXTENSIONS, register_extensions, stage_results
from .model import DEFAULT_MODEL, MODEL_ENV, load_model, model_name
from .pipeline import STAGES, load_pipeline, run_stages

__all__ = [
    "DEFAULT_MODEL",
    "DOC_EXTENSIONS",
    "MODEL_ENV",
    "STAGES",
    "load_model",
    "load_pipeline",
    "model_name",
    "register_extensions",
    "run_stages",
    "stage_results",
]
