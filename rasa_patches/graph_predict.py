"""Call a model's traced prediction graph without ``tf.function``'s per-call argument work.

For every message DIET's ``RasaModel._rasa_predict`` calls its prediction step as a
``tf.function`` with a fixed input signature. Each call, TensorFlow's Python layer
then binds and canonicalises the arguments, checks every array against its
``TensorSpec``, converts each through the generic conversion registry and looks
the concrete function up again - about 10 % of the Rasa server's CPU time at
saturation, as much as the graph's kernels themselves (py-spy, docs/profiling.md).

The signature is fixed, so there is exactly one concrete function. Here each
array is checked against its spec (same dtype, same rank, same size wherever the
spec fixes one), turned into a tensor by the same ``convert_to_eager_tensor`` that
TensorFlow's conversion ends in, and the concrete function is run with its
captured variables; the outputs are turned into NumPy as Rasa turns them.
Anything else - a model run eagerly, one not traced yet, an array that does not
fit the spec - goes to Rasa's own ``_rasa_predict``, which then converts or
raises as before. tests/rasa_patches/test_graph_predict.py requires identical outputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from keras.utils import tf_utils
from rasa.shared.constants import DIAGNOSTIC_DATA
from rasa.utils.tensorflow.models import RasaModel
from tensorflow.python.eager import context
from tensorflow.python.framework.constant_op import convert_to_eager_tensor

from .patching import Patch

RASA_PREDICT = RasaModel.__dict__["_rasa_predict"]  # Rasa's own, for uninstall() and the fallbacks
_ENTRY = "_vejviser_graph_call"  # per model: the tf.function it was made for, its concrete function, its checks

Check = tuple[np.dtype, Any, int, tuple[tuple[int, int], ...]]  # dtype, tf dtype, rank, fixed (axis, size)


def _checks(specs: Sequence[Any]) -> list[Check]:
    checks = []
    for spec in specs:
        dims = spec.shape.as_list()
        fixed = tuple((axis, size) for axis, size in enumerate(dims) if size is not None)
        checks.append((np.dtype(spec.dtype.as_numpy_dtype), spec.dtype, len(dims), fixed))
    return checks


def _entry(model: RasaModel) -> tuple[Any, Any, list[Check]] | None:
    function = model._tf_predict_step
    entry = model.__dict__.get(_ENTRY)
    if entry is None or entry[0] is not function:
        signature = function.input_signature
        if signature is None or len(signature) != 1 or not isinstance(signature[0], (list, tuple)):
            return None  # not the flat list of specs Rasa's _dynamic_signature makes
        entry = (function, function.get_concrete_function(), _checks(signature[0]))
        object.__setattr__(model, _ENTRY, entry)  # plain attribute: not tracked by Keras
    return entry


def _tensors(batch_in: Any, checks: list[Check]) -> list[Any] | None:
    """The batch as eager tensors, or None if any array does not fit its spec exactly."""
    if type(batch_in) is not tuple or len(batch_in) != len(checks):
        return None
    ctx = context.context()
    tensors = []
    for array, (dtype, tf_dtype, rank, fixed) in zip(batch_in, checks):
        if not isinstance(array, np.ndarray) or array.dtype != dtype or array.ndim != rank:
            return None
        shape = array.shape
        for axis, size in fixed:
            if shape[axis] != size:
                return None
        tensors.append(convert_to_eager_tensor(array, ctx, tf_dtype))
    return tensors


def _rasa_predict(self: RasaModel, batch_in: tuple[np.ndarray, ...]) -> dict[str, Any]:
    if self._run_eagerly or self._tf_predict_step is None or not self.prepared_for_prediction:
        return RASA_PREDICT(self, batch_in)
    entry = _entry(self)
    tensors = _tensors(batch_in, entry[2]) if entry else None
    if tensors is None:
        return RASA_PREDICT(self, batch_in)
    if self._training is not False:
        self._training = False
    concrete = entry[1]
    outputs = tf_utils.sync_to_numpy_or_python_type(concrete._call_flat(tensors, concrete.captured_inputs))
    if DIAGNOSTIC_DATA in outputs:
        outputs[DIAGNOSTIC_DATA] = self._empty_lists_to_none_in_dict(outputs[DIAGNOSTIC_DATA])
    return outputs


_patch = Patch(RasaModel, _rasa_predict=_rasa_predict)
install, uninstall = _patch.install, _patch.uninstall
