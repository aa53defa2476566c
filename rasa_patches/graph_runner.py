"""Run the prediction graph in a fixed order instead of through dask.

Every turn Rasa 3.6 runs its model graph at least three times (NLU, then a
prediction before and after the custom action). ``DaskGraphRunner.run``
computes the minimal schema for the targets again, builds a dask graph from it
and lets dask's synchronous scheduler order and call the nodes. At saturation
that bookkeeping was about 9 % of the Rasa server's CPU time around 60 % spent
in the graph nodes themselves (py-spy, docs/profiling.md).

Here the order of the nodes is worked out once per set of targets (a
depth-first post-order from the targets, so every node runs after what it
needs) and the nodes are called directly with the same arguments dask gives
them: ``(name, value)`` pairs from the nodes they need, and for run inputs the
pair ``(input_name, input_value)``. Results, the input/node-name clash check,
and ``GraphRunError`` for a ``RuntimeError`` are as in Rasa. A graph whose
nodes need something that is neither a node nor an input goes through Rasa's
own dask code. tests/rasa_patches/test_graph_runner.py runs the trained model both ways.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

from .patching import Patch

logger = logging.getLogger(__name__)

RASA_RUN = DaskGraphRunner.__dict__["run"]  # Rasa's own, for uninstall() and the fallbacks
_PLANS = "_vejviser_plans"  # attribute on a runner: {targets: plan}

# Steps: (node name, names of what it needs, in the schema's order of its arguments),
# and the names the steps need that are not nodes (they must be run inputs).
Plan = tuple[list[tuple[str, tuple[str, ...]]], frozenset[str]]


def plan_for(runner: DaskGraphRunner, targets: Sequence[str]) -> Plan:
    """The nodes needed for ``targets``, each after everything it needs."""
    nodes = runner._graph_schema.nodes
    steps: list[tuple[str, tuple[str, ...]]] = []
    placed = set()
    inputs = set()

    def place(name: str, path: tuple[str, ...]) -> None:
        if name not in nodes:
            inputs.add(name)
            return
        if name in placed:
            return
        if name in path:
            raise GraphRunError(f"The graph has a cycle through '{name}'.")
        needs = tuple(nodes[name].needs.values())
        for need in needs:
            place(need, path + (name,))
        placed.add(name)
        steps.append((name, needs))

    for target in targets:
        place(target, ())
    return steps, frozenset(inputs)


def ordered_run(self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict[str, Any]:
    """Drop-in for ``DaskGraphRunner.run``."""
    run_targets = targets if targets else self._graph_schema.target_names
    plans = self.__dict__.setdefault(_PLANS, {})
    key = tuple(run_targets)
    plan = plans.get(key)
    if plan is None:
        plan = plans[key] = plan_for(self, run_targets)
    steps, needed_inputs = plan
    values: dict[str, Any] = {}
    for input_name, input_value in (inputs or {}).items():
        if isinstance(input_value, str) and (input_value in self._graph_schema.nodes or input_value in inputs):
            # A possible clash with a node name: Rasa's own run decides (and refuses a real one).
            return RASA_RUN(self, inputs, targets)
        values[input_name] = (input_name, input_value)
    if not needed_inputs <= values.keys():
        return RASA_RUN(self, inputs, targets)  # a missing input: dask passes the name as a literal
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(f"Running graph with inputs: {inputs}, targets: {targets} and {self._execution_context}.")
    nodes = self._instantiated_nodes
    try:
        for name, needs in steps:
            values[name] = nodes[name](*(values[need] for need in needs))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    return dict(values[target] for target in run_targets)


_patch = Patch(DaskGraphRunner, run=ordered_run)
install, uninstall = _patch.install, _patch.uninstall
