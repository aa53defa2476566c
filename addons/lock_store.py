"""A Redis lock store that stays correct when several Rasa servers share it.

Rasa 3.6's open-source ``RedisLockStore`` keeps each conversation's ticket
queue as one JSON value and updates it read-modify-write: read the queue, add
or remove a ticket, write it back. Two servers doing that at the same moment
overwrite each other's ticket, or both issue the same ticket number, and then
both process a message for the same conversation at once. The SQL tracker
store then saves only one server's new events, so a person's message silently
disappears (seen in tests/e2e/test_scale_out.py before this class existed).

This subclass runs every read-modify-write of a conversation's queue under a
short Redis mutex (redis-py's ``Lock``: ``SET NX PX`` to take it, a Lua script
to release it only if still ours, and an expiry so a crashed server cannot
hold it). Waiting for one's turn stays Rasa's own polling; only the few
milliseconds of bookkeeping are serialised.

endpoints.postgres.yml:

    lock_store:
      type: addons.lock_store.AtomicRedisLockStore
      url: ${VEJVISER_REDIS_HOST}
      port: ${VEJVISER_REDIS_PORT}
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# Longer than any bookkeeping step (a GET and a SET), short enough that a
# server that died holding the mutex blocks the conversation only briefly.
MUTEX_SECONDS = 5.0


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` with atomic ticket bookkeeping across processes."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        self.mutex_seconds = float(kwargs.pop("mutex_seconds", MUTEX_SECONDS))
        super().__init__(**kwargs)

    @contextmanager
    def _exclusive(self, conversation_id: str) -> Iterator[None]:
        import redis

        mutex = self.red.lock(
            f"{self.key_prefix}{conversation_id}:mutex", timeout=self.mutex_seconds, sleep=0.005, blocking_timeout=self.mutex_seconds
        )
        try:
            acquired = mutex.acquire()
        except redis.RedisError as error:
            raise LockError(f"Redis is unreachable: {error}") from error
        if not acquired:
            raise LockError(f"Could not update the ticket queue of conversation '{conversation_id}'.")
        try:
            yield
        finally:
            try:
                mutex.release()
            except redis.exceptions.LockNotOwnedError:
                pass  # it expired; the next holder has it now - nothing to undo

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._exclusive(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._exclusive(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # finish_serving + "is anyone waiting?" + delete must be one step, or a
        # ticket issued in between is deleted with the lock.
        with self._exclusive(conversation_id):
            super().cleanup(conversation_id, ticket_number)
