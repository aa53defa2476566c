"""Load trained TensorFlow models without tracing their training graph.

Rasa 3.6 loads DIETClassifier and TEDPolicy by building an empty model and
training it on one example (to create weights of the right shapes), then
overwriting the weights from disk. That one training step is run as a
TensorFlow graph, and tracing the training graph (forward pass, gradients,
optimizer) cost about 70 s of the Rasa server's start-up on two cores -
most of the time before the first person could get an answer (py-spy
profile in docs/profiling.md).

Here the shape-building step runs eagerly instead (no tracing: about a second),
the trained weights are loaded exactly as before (the optimizer's training
state is not: prediction never uses it), and then the model is
switched back to graph mode and the prediction graph is traced once, as Rasa
does, so every answer after start-up is as fast as before. The weights that
answer questions are the trained ones either way; tests/rasa_patches/test_fast_model_load.py
checks that a model loaded this way gives the same predictions.

Fine-tuning and models configured with ``run_eagerly`` use Rasa's own path.
Installed by ``rasa_patches.install()`` (scripts/rasa_run.py), before Rasa loads the model.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
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

    def load(
        cls,
        model_file_name: str,
        model_data_example: RasaModelData,
        predict_data_example: RasaModelData | None = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        config = kwargs.get("config")
        if finetune_mode or not isinstance(config, dict) or config.get(RUN_EAGERLY):
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs)
        # Rasa's own steps (RasaModel.load), with the one training step run eagerly.
        model = cls(*args, **kwargs)
        learning_rate = config.get(LEARNING_RATE, 0.001)
        model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), run_eagerly=True)
        model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
        # That step built the weights, and also the optimizer's state, which only training
        # uses - and an eager step creates it in another order than Rasa's traced one, so
        # restoring it failed for TEDPolicy (TEDPolicy then silently answered without a
        # model). A fresh optimizer has no state: the checkpoint's is left unread.
        model.optimizer = tf.keras.optimizers.Adam(learning_rate)
        model.load_weights(model_file_name).expect_partial()
        model.run_eagerly = False  # answer in graph mode, as Rasa would
        if predict_data_example:
            model.run_inference(predict_data_example)  # trace the prediction graph now, not on the first turn
        return model

    setattr(load, _MARK, True)
    RasaModel.load = classmethod(load)
