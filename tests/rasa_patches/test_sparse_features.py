"""rasa_patches/sparse_features.py joins sparse features faster; it must build exactly scipy's matrix."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse
from own_code import rasas_own
from rasa.shared.nlu.training_data.features import Features

from rasa_patches import sparse_features


def _random_coo(rng: np.random.Generator, rows: int, cols: int, dtype) -> scipy.sparse.coo_matrix:
    density = rng.choice([0.0, 0.05, 0.3, 1.0])
    matrix = scipy.sparse.random(rows, cols, density=density, format="coo", dtype=np.float64, random_state=int(rng.integers(1 << 30)))
    return matrix.astype(dtype)


def _same(a, b) -> None:
    assert type(a) is type(b)
    assert a.shape == b.shape and a.dtype == b.dtype
    assert [type(n) for n in a.shape] == [type(n) for n in b.shape]
    assert vars(a).keys() == vars(b).keys()
    assert (a.has_canonical_format, a.maxprint) == (b.has_canonical_format, b.maxprint)
    for name in ("row", "col", "data"):
        got, want = getattr(a, name), getattr(b, name)
        assert got.dtype == want.dtype, name
        np.testing.assert_array_equal(got, want, err_msg=name)


@pytest.mark.parametrize("seed", range(40))
def test_hstack_builds_the_matrix_scipy_builds(seed):
    rng = np.random.default_rng(seed)
    rows = int(rng.integers(0, 12))
    dtypes = [np.float32, np.float64, np.int64, np.int32, np.bool_]
    left = _random_coo(rng, rows, int(rng.integers(0, 40)), dtypes[int(rng.integers(len(dtypes)))])
    right = _random_coo(rng, rows, int(rng.integers(0, 40)), dtypes[int(rng.integers(len(dtypes)))])
    _same(sparse_features.hstack_coo(left, right), scipy.sparse.hstack([left, right]))


def test_wide_matrices_get_the_index_dtype_scipy_chooses():
    left = scipy.sparse.coo_matrix(([1.0], ([0], [5])), shape=(1, 2**31 - 10))
    right = scipy.sparse.coo_matrix(([2.0], ([0], [3])), shape=(1, 20))
    _same(sparse_features.hstack_coo(left, right), scipy.sparse.hstack([left, right]))
    assert sparse_features.hstack_coo(left, right).col.dtype == np.int64


def _features(matrix) -> Features:
    return Features(matrix, "sequence", "text", "origin")


def test_features_combine_as_rasa_does_for_every_format():
    rng = np.random.default_rng(7)
    for make in (lambda m: m, scipy.sparse.csr_matrix, scipy.sparse.csc_matrix):
        left, right = _random_coo(rng, 4, 9, np.float32), _random_coo(rng, 4, 6, np.float32)
        ours, rasas = _features(make(left)), _features(make(right))
        sparse_features.install()
        ours.combine_with_features(_features(make(right)))
        with rasas_own(sparse_features):
            theirs = _features(make(left))
            theirs.combine_with_features(rasas)
        assert type(ours.features) is type(theirs.features)
        assert (ours.features != theirs.features).nnz == 0


def test_mismatched_rows_still_raise_rasas_error():
    sparse_features.install()
    left = _features(scipy.sparse.coo_matrix(np.ones((2, 3))))
    with pytest.raises(ValueError, match="sequence dimensions do not match"):
        left.combine_with_features(_features(scipy.sparse.coo_matrix(np.ones((3, 3)))))
