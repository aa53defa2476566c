"""Join a message's sparse features without scipy's general block machinery.

Before DIET looks at a message, Rasa 3.6 joins the sparse features of each
featurizer (regex, lexical-syntactic, word and character counts) side by side,
one ``scipy.sparse.hstack`` per pair. ``hstack`` goes through ``bmat``, which is
built for grids of blocks of any format: an object array of the blocks,
per-block conversions and checks, and a validated ``coo_matrix`` for each
block and for the result. For a message's few small matrices that was about
8 % of the Rasa server's CPU time at saturation (py-spy, docs/profiling.md).

When both parts are already ``coo_matrix`` (what the featurizers make), this
builds the very matrix ``bmat`` builds - same shape, dtype, index dtype and
order of entries - directly from its parts; anything else goes to scipy.
tests/rasa_patches/test_sparse_features.py compares both on random matrices, and
tests/rasa_patches/test_graph_runner.py compares the model's answers.
"""

from __future__ import annotations

import numpy as np
from rasa.shared.nlu.training_data.features import Features
from scipy.sparse import coo_matrix, spmatrix
from scipy.sparse._sputils import get_index_dtype, upcast

from .patching import Patch

RASA_COMBINE = Features.__dict__["_combine_sparse_features"]  # Rasa's own, for uninstall() and other formats


def coo_from_parts(data: np.ndarray, row: np.ndarray, col: np.ndarray, shape: tuple[int, int]) -> coo_matrix:
    """The ``coo_matrix((data, (row, col)), shape=shape)`` scipy would build, for parts that are
    already right: NumPy arrays of one length, row and col of the index dtype scipy picks for
    ``shape`` and inside it. scipy's constructor converts and checks every part again (bounds
    included): about 60 % of the time of building a message's small matrices. The attributes
    are the ones scipy 1.10's constructor sets; tests/rasa_patches/test_sparse_features.py compares them."""
    matrix = coo_matrix.__new__(coo_matrix)
    spmatrix.__init__(matrix)
    matrix._shape = shape
    matrix.row, matrix.col, matrix.data = row, col, data
    matrix.has_canonical_format = False
    return matrix


def hstack_coo(left: coo_matrix, right: coo_matrix) -> coo_matrix:
    """``scipy.sparse.hstack([left, right])`` for two COO matrices with the same number of rows."""
    split = left.nnz
    shape = (left.shape[0], left.shape[1] + right.shape[1])
    index_dtype = get_index_dtype(maxval=max(shape))
    data = np.empty(split + right.nnz, dtype=upcast(left.dtype, right.dtype))
    row = np.empty(split + right.nnz, dtype=index_dtype)
    col = np.empty(split + right.nnz, dtype=index_dtype)
    data[:split] = left.data
    data[split:] = right.data
    row[:split] = left.row
    row[split:] = right.row
    col[:split] = left.col
    np.add(right.col, left.shape[1], out=col[split:], dtype=index_dtype)
    return coo_from_parts(data, row, col, shape)


def _combine_sparse_features(self: Features, additional_features: Features) -> None:
    left, right = self.features, additional_features.features
    if type(left) is not coo_matrix or type(right) is not coo_matrix or left.shape[0] != right.shape[0]:
        return RASA_COMBINE(self, additional_features)  # other formats, and Rasa's error for a mismatch
    self.features = hstack_coo(left, right)
    self._cached_fingerprint = None


_patch = Patch(Features, _combine_sparse_features=_combine_sparse_features)
install, uninstall = _patch.install, _patch.uninstall
