"""Rasa plug-ins that use Rasa's supported extension points, named in Vejviser's configuration.

- channels.py: the REST and socket.io channels behind a guard (credentials.yml);
- privacy.py: what the guard removes from messages (CPR, phone, e-mail);
- crisis_guard.py: an NLU component that forces the crisis intent (config.yml);
- tracker_store.py and lock_store.py: conversations kept in SQLite or PostgreSQL, and a
  Redis lock store for several servers (endpoints*.yml);
- verify.py: the verify mode the tests use to compare what is kept with what Rasa computes.

Importing this package changes nothing in Rasa (tests/rasa_patches/test_switch.py). The speed
changes to Rasa's private internals live apart, in rasa_patches/, installed only by
scripts/rasa_run.py.
"""
