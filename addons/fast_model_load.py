"""Load trained TensorFlow models without tracing their training graph.

Rasa 3.6 loads DIETClassifier and TEDPolicy by building an empty model and
training it on one example (to create weights of the right shapes), then
overwriting the weights from disk. That one training step is run as a
TensorFlow graph, and tracing the training graph (forward pass, gradients,
optimizer) cost about 70 s of the Rasa server's start-up on two cores -
most of the time before the first person could get an answer (py-spy
profile in docs/profiling.md).

Here the shape-building step runs eagerly instead (no tracing: about a second),
the trained weights are loaded exactly as before, and then the model is
switched back to graph mode and the prediction graph is traced once, as Rasa
does, so every answer after start-up is as fast as before. The weights that
answer questions are the trained ones either way; tests/nlu/test_fast_model_load.py
checks that a model loaded this way gives the same predictions.

Fine-tuning and models configured with ``run_eagerly`` use Rasa's own path.
Installed by ``addons/__init__.py``, which Rasa imports before it loads a
model (the NLU pipeline names ``addons.crisis_guard.CrisisGuard``).
"""
from __future__ import annotations

from typing import Any, Optional, Text

from rasa.utils.tensorflow.constants import RUN_EAGERLY
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

_MARK = "_vejviser_fast_load"
RASA_LOAD = RasaModel.__dict__["load"]  # Rasa's own classmethod, kept for uninstall() and the tests


def uninstall() -> None:
    RasaModel.load = RASA_LOAD


def install() -> None:
    """Replace RasaModel.load (idempotent)."""
    if getattr(RasaModel.load, _MARK, False):
        return
    rasa_load = RASA_LOAD.__func__

    def load(cls, model_file_name: Text, model_data_example: RasaModelData,
             predict_data_example: Optional[RasaModelData] = None, finetune_mode: bool = False,
             *args: Any, **kwargs: Any) -> RasaModel:
        config = kwargs.get("config")
        if finetune_mode or not isinstance(config, dict) or config.get(RUN_EAGERLY):
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                             *args, **kwargs)
        was = config.get(RUN_EAGERLY)
        config[RUN_EAGERLY] = True  # build weights eagerly: no graph tracing
        try:
            model = rasa_load(cls, model_file_name, model_data_example, None, finetune_mode, *args, **kwargs)
        finally:
            config[RUN_EAGERLY] = was
        model.run_eagerly = False  # answer in graph mode, as Rasa would
        if predict_data_example:
            model.run_inference(predict_data_example)  # trace the prediction graph now, not on the first turn
        return model

    setattr(load, _MARK, True)
    RasaModel.load = classmethod(load)
