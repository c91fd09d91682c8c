"""The customer's chat threads: who owns each one, its title, and who is answering it now.

The messages live in the agent's checkpoints; this table is what says whose they are. A thread
belongs to the customer who first wrote in it, and every open or resume checks that.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, update
from sqlalchemy import select as core_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store.customers import require_customer
from store.db import dialect_name, execute_core, insert_for
from store.errors import ConversationBusy, ForeignConversation, InvalidThreadId
from store.models import Conversation, ConversationTurn, utcnow
from store.views import ConversationView

TITLE_CHARS = 60
_CONVERSATIONS = Conversation.__table__  # type: ignore[attr-defined]
THREAD_ID_CHARS: int = _CONVERSATIONS.c.thread_id.type.length
# Statements every turn runs, on the table and built once (building one costs more than running it).
_OWNER = core_select(_CONVERSATIONS.c.customer_id).where(
    _CONVERSATIONS.c.thread_id == bindparam("thread_id")
)
_TOUCH = (
    update(_CONVERSATIONS)
    .where(
        _CONVERSATIONS.c.thread_id == bindparam("thread"),
        _CONVERSATIONS.c.customer_id == bindparam("owner"),
    )
    .values(model=bindparam("new_model"), updated_at=bindparam("now"))
)


def check_thread_id(thread_id: str) -> str:
    """The thread id, if it is one we can store (1-100 printable characters).

    Raises:
        InvalidThreadId: for an empty, too long or unprintable id (nothing is written).
    """
    if not 0 < len(thread_id) <= THREAD_ID_CHARS or not thread_id.isprintable():
        if not thread_id:
            found = "this one is empty"
        elif len(thread_id) > THREAD_ID_CHARS:
            found = f"this one has {len(thread_id):,}"
        else:
            found = "this one has unprintable ones"
        raise InvalidThreadId(
            f"A conversation id has 1-{THREAD_ID_CHARS} printable characters ({found}); "
            "start a new conversation or pick one from your list."
        )
    return thread_id


def conversation_owner(session: Session, thread_id: str) -> int | None:
    """The id of the customer the thread belongs to, or None for a thread nobody wrote in yet."""
    owner = execute_core(session, _OWNER, {"thread_id": check_thread_id(thread_id)}).scalar()
    return owner if isinstance(owner, int) else None


def require_own_conversation(
    session: Session,
    *,
    customer_id: int,
    thread_id: str,
    has_history: Callable[[], bool] = lambda: False,
) -> bool:
    """Check that the thread is the customer's own, or new (unclaimed and without history).

    `has_history` is asked only about a thread nobody is on record for: reading a thread's
    history can cost a whole checkpoint, and the customer's own thread needs none. Returns
    True when the thread is on record as the customer's (which never changes), False if new.

    Raises:
        ForeignConversation: if another customer's thread, or history nobody is on record for.
        InvalidThreadId: for a malformed thread id.
    """
    owner = conversation_owner(session, thread_id)
    if owner != customer_id and (owner is not None or has_history()):
        raise _foreign(thread_id)
    return owner == customer_id


def touch_conversation(
    session: Session, *, customer_id: int, thread_id: str, first_message: str, model: str
) -> None:
    """Record activity on a thread, claiming it for the customer (titled by its first message).

    Safe against a concurrent first message: the thread goes to whoever inserted it first.

    Raises:
        ForeignConversation: if the thread is another customer's; nothing is written.
        NotFound: if the customer does not exist.
        InvalidThreadId: for a malformed thread id.
    """
    require_customer(session, customer_id)
    # The usual case, the customer's own thread, in one statement.
    params = {"thread": check_thread_id(thread_id), "owner": customer_id}
    touched = execute_core(session, _TOUCH, {**params, "new_model": model, "now": utcnow()})
    if touched.rowcount:  # type: ignore[attr-defined]
        session.commit()
        return
    conversation = session.get(Conversation, thread_id, populate_existing=True)
    if conversation is None:
        title = " ".join(first_message.split())
        if len(title) > TITLE_CHARS:
            title = title[: TITLE_CHARS - 1] + "…"
        conversation = Conversation(
            thread_id=thread_id, customer_id=customer_id, title=title or "…", model=model
        )
        session.add(conversation)
        try:
            session.commit()
            return
        except IntegrityError:  # someone claimed it at the same moment
            session.rollback()
            conversation = session.get(Conversation, thread_id, populate_existing=True)
            assert conversation is not None
    if conversation.customer_id != customer_id:
        raise _foreign(thread_id)
    conversation.model = model
    conversation.updated_at = utcnow()
    session.add(conversation)
    session.commit()


def list_conversations(
    session: Session, *, customer_id: int, limit: int = 20
) -> list[ConversationView]:
    """The customer's threads, most recent first."""
    rows = session.exec(
        select(Conversation)
        .where(Conversation.customer_id == customer_id)
        .order_by(col(Conversation.updated_at).desc())
        .limit(limit)
    ).all()
    return [
        ConversationView(
            thread_id=c.thread_id, title=c.title, model=c.model, updated_at=c.updated_at
        )
        for c in rows
    ]


# --- one turn at a time -------------------------------------------------------------------------

_HOST = socket.gethostname()[:100]


def new_turn_holder() -> str:
    """A name for one turn of this process: host, pid and a nonce."""
    return f"{_HOST}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


_TURNS = ConversationTurn.__table__  # type: ignore[attr-defined]
# The lease's statements, on the table and built once: every turn runs two of them, and the
# ORM's DML path (and building a statement) costs several times what running one does.
# (An UPDATE's own columns cannot name its parameters: "thread", "held_by", "new_holder".)
_HELD = (_TURNS.c.thread_id == bindparam("thread")) & (_TURNS.c.holder == bindparam("held_by"))
_LEASE_HOLDER = core_select(_TURNS.c.holder, _TURNS.c.expires_at).where(
    _TURNS.c.thread_id == bindparam("thread_id")
)
_TAKE_OVER = (
    update(_TURNS)
    .where(_HELD)
    .values(holder=bindparam("new_holder"), expires_at=bindparam("expires_at"))
)
_RENEW = update(_TURNS).where(_HELD).values(expires_at=bindparam("expires_at"))
_END = delete(_TURNS).where(_HELD)


@cache
def _take_free(dialect: str) -> Any:
    """Insert the lease unless the thread has one; returns the row when it was inserted."""
    return (
        insert_for(dialect)(_TURNS)
        .values(
            thread_id=bindparam("thread_id"),
            holder=bindparam("holder"),
            expires_at=bindparam("expires_at"),
        )
        .on_conflict_do_nothing(index_elements=["thread_id"])
        .returning(_TURNS.c.thread_id)
    )


def begin_turn(session: Session, *, thread_id: str, holder: str, lease_seconds: float) -> bool:
    """Take the thread's turn for `holder` if nobody holds it (or the holder died); commits.

    Returns False while another turn runs. A lease past its time, or one held by a process of
    this host that no longer exists, is taken over.
    """
    now = time.time()
    expires = now + lease_seconds
    # The usual case, a free thread, in one statement; a lease row there already stays as it is.
    params = {"thread_id": check_thread_id(thread_id), "holder": holder, "expires_at": expires}
    taken = execute_core(session, _take_free(dialect_name(session)), params)
    if taken.first() is not None:  # inserted (rowcount is not reliable here on PostgreSQL)
        session.commit()
        return True
    current = execute_core(session, _LEASE_HOLDER, {"thread_id": thread_id}).first()
    if current is None:  # freed in between: the caller tries again
        session.rollback()
        return False
    if current.holder != holder and current.expires_at > now and _alive(current.holder):
        session.rollback()
        return False
    # Conditional on the holder we saw, so two processes taking over a dead lease cannot both win.
    seen = {"thread": thread_id, "held_by": current.holder}
    taken = execute_core(session, _TAKE_OVER, {**seen, "new_holder": holder, "expires_at": expires})
    session.commit()
    return bool(taken.rowcount)  # type: ignore[attr-defined]


def renew_turn(session: Session, *, thread_id: str, holder: str, lease_seconds: float) -> None:
    """Extend the holder's lease while its turn is still running; commits."""
    params = {"thread": thread_id, "held_by": holder, "expires_at": time.time() + lease_seconds}
    execute_core(session, _RENEW, params)
    session.commit()


def end_turn(session: Session, *, thread_id: str, holder: str) -> None:
    """Give the thread's turn back; commits."""
    execute_core(session, _END, {"thread": thread_id, "held_by": holder})
    session.commit()


def busy_error() -> ConversationBusy:
    """What a second message gets while the first is still being answered."""
    return ConversationBusy(
        "The assistant is still answering another message in this conversation; "
        "nothing of yours was lost: send it again when that answer is done."
    )


def _alive(holder: str) -> bool:
    """False only when the holder is a process of this host that has exited."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != _HOST or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _foreign(thread_id: str) -> ForeignConversation:
    return ForeignConversation(
        f"Conversation {thread_id} belongs to another customer, so it cannot be opened here; "
        "start a new conversation or open one of your own."
    )
