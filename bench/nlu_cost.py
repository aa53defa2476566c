"""Per-message cost of each NLU component of a trained model, in-process.

    python bench/nlu_cost.py MODEL.tar.gz [--data [tests/nlu/heldout.yml ...]] [--people] [--rounds 3] [--json OUT]

Loads the model's prediction graph with Rasa's own loader and runner, with a
graph hook (Rasa's public GraphNodeHook) that times every node, then parses every
sentence of the data file one message at a time, as the server does, `rounds`
times after one warm-up pass. Prints, per component, the mean and 95th percentile
milliseconds per message and the total per message, and how often the e5
vector was computed (with ``at_prediction: on_demand`` it is computed inside
LinearIntentClassifier's node, only when the sparse reading is unsure); --json
writes the same. --people adds every message of the conversation acceptance
suites (bench/common.py's people_messages()); --e5 always / never compares with
the vector computed for every message or for none.
bench/nlu.py runs it on the model it trains.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project's own components (addons.*) named in the model


def sentences(path: Path) -> list[str]:
    from rasa.shared.nlu.training_data.loading import load_data

    return [m.get("text") for m in load_data(str(path)).intent_examples if m.get("text")]


E5_POLICIES = ("on-demand", "always", "never")


def set_e5_policy(runner, policy: str) -> None:
    """For comparison only: make the loaded LinearIntentClassifier compute the e5 vector for every
    message ("always") or for none ("never") instead of when its sparse reading is unsure."""
    from addons.linear_intent_classifier import LinearIntentClassifier

    for node in runner._instantiated_nodes.values():  # the loaded components (no public accessor)
        component = getattr(node, "_component", None)
        if isinstance(component, LinearIntentClassifier) and component.model and policy != "on-demand":
            component.model["skip_dense_above"] = None if policy == "always" else 0.0
            if policy == "never":
                component.component_config["dense_for_intents"] = []


def measure(model: Path, texts: list[str], rounds: int, e5: str = "on-demand") -> dict[str, Any]:
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
    from rasa.engine.graph import ExecutionContext, GraphNodeHook
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.shared.core.trackers import DialogueStateTracker

    times: dict[str, list[float]] = defaultdict(list)
    recording = [False]

    class Timer(GraphNodeHook):
        def on_before_node(self, node_name: str, execution_context, config, received_inputs) -> dict:
            return {"start": time.perf_counter()}

        def on_after_node(self, node_name: str, execution_context, config, output, input_hook_data) -> None:
            if recording[0]:
                times[node_name].append(time.perf_counter() - input_hook_data["start"])

    with tempfile.TemporaryDirectory() as storage:
        model_storage, metadata = LocalModelStorage.from_model_archive(Path(storage), model)
        schema = metadata.predict_schema
        runner = DaskGraphRunner.create(
            graph_schema=schema,
            model_storage=model_storage,
            execution_context=ExecutionContext(graph_schema=schema, model_id=metadata.model_id),
            hooks=[Timer()],
        )
        set_e5_policy(runner, e5)
        target = metadata.nlu_target
        totals: list[float] = []

        def parse(text: str) -> None:
            tracker = DialogueStateTracker("nlu-cost", [])
            runner.run(inputs={PLACEHOLDER_MESSAGE: [UserMessage(text)], PLACEHOLDER_TRACKER: tracker}, targets=[target])

        from addons.linear_intent_classifier import ROUTES

        for text in texts:  # warm-up: lazy loads, TensorFlow's first calls
            parse(text)
        recording[0] = True
        ROUTES.clear()
        for _ in range(rounds):
            for text in texts:
                start = time.perf_counter()
                parse(text)
                totals.append(time.perf_counter() - start)
        nodes = {name: schema.nodes[name] for name in times}

    def stats(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {"mean_ms": 1000 * statistics.fmean(ordered), "p95_ms": 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]}

    components = []
    for name, values in times.items():
        node = nodes[name]
        components.append({"node": name, "component": node.uses.__name__, **stats(values)})
    components.sort(key=lambda c: -c["mean_ms"])
    routes = dict(ROUTES)
    with_e5 = routes.get("dense", 0) + routes.get("given", 0)  # parses that had the vector
    return {
        "e5": e5,
        "messages": len(texts),
        "rounds": rounds,
        "total": stats(totals),
        "components": components,
        "routes": routes,
        "parses_with_e5": with_e5,
        "parses_without_e5": sum(routes.values()) - with_e5,
        "e5_share": with_e5 / max(1, sum(routes.values())),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument(
        "--data", type=Path, nargs="*", default=[ROOT / "tests" / "nlu" / "heldout.yml"], help="NLU files (none: only --people)"
    )
    parser.add_argument("--people", action="store_true", help="also every message of the conversation acceptance suites")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--e5", choices=E5_POLICIES, default="on-demand", help="compare: compute the e5 vector as the model does, always, or never"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    texts = [text for path in args.data for text in sentences(path)]
    if args.people:
        sys.path.insert(0, str(ROOT / "bench"))
        from common import people_messages

        texts += people_messages()
    result = measure(args.model.resolve(), texts, args.rounds, args.e5)
    result["load_average"] = os.getloadavg()[0]
    print(
        f"{result['messages']} messages x {result['rounds']} rounds: "
        f"{result['total']['mean_ms']:.1f} ms per message (p95 {result['total']['p95_ms']:.1f} ms)"
    )
    for c in result["components"]:
        print(f"  {c['node']:<60} {c['mean_ms']:7.2f} ms  (p95 {c['p95_ms']:.2f})")
    print(f"e5 vector computed for {result['e5_share']:.1%} of the messages ({result['routes']})")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
