"""Rasa-server-side extensions: custom channels, privacy redaction and NLU components.

Importing the package also installs eleven changes to Rasa 3.6 internals, each
with its measurement and a test that behaviour is unchanged:
- trained models load without tracing their training graph
  (addons/fast_model_load.py; start-up);
- action-server answers are checked with a JSON-schema validator built once
  (addons/action_validation.py; every turn with a custom action);
- one kept-alive connection to the action server instead of a new one per
  action (addons/action_connection.py; every turn with a custom action);
- the action server gets this turn's events, not the whole conversation
  (addons/action_payload.py; data minimisation and long conversations);
- policies' dialogue states continue from the previous prediction instead of
  replaying the whole conversation (addons/states_cache.py; long conversations);
- the model graph runs in a precomputed order instead of through dask
  (addons/graph_runner.py; every prediction);
- a message's sparse features are joined without scipy's general block code
  (addons/sparse_features.py; every message);
- RulePolicy checks each rule only as far back as the rule is long, with its
  states decoded once (addons/rule_lookup.py; every prediction);
- a tracker is copied from its state instead of replaying the conversation
  (addons/tracker_copy.py; every action, long conversations);
- DIET's traced graph is called without tf.function's per-call argument
  handling (addons/graph_predict.py; every message);
- words and character n-grams are counted without scikit-learn's
  document-matrix code (addons/count_vectors.py; every message).
Rasa imports this package before it loads a model, because the NLU pipeline
names addons.crisis_guard.CrisisGuard.
"""
from .action_connection import install as _install_kept_action_connection
from .action_payload import install as _install_turn_events_only
from .action_validation import install as _install_cached_action_validation
from .count_vectors import install as _install_direct_count_vectors
from .fast_model_load import install as _install_fast_model_load
from .graph_predict import install as _install_direct_graph_predict
from .graph_runner import install as _install_ordered_graph_runner
from .rule_lookup import install as _install_short_rule_lookup
from .sparse_features import install as _install_fast_sparse_hstack
from .states_cache import install as _install_states_cache
from .tracker_copy import install as _install_tracker_copy

_install_fast_model_load()
_install_cached_action_validation()
_install_states_cache()
_install_turn_events_only()
_install_kept_action_connection()
_install_ordered_graph_runner()
_install_fast_sparse_hstack()
_install_short_rule_lookup()
_install_tracker_copy()
_install_direct_graph_predict()
_install_direct_count_vectors()
