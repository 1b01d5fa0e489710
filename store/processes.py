"""Who a process is to the others sharing its store (`host:pid`), and whether one of this host's
is gone: the owner names of the send lease, the service lock and inbound claims."""

from __future__ import annotations

import os
import socket


def this_process() -> str:
    """The owner name of this process: `host:pid`."""
    return f"{socket.gethostname()}:{os.getpid()}"


def process_gone(owner: str) -> bool:
    """Whether an owner `host:pid` of this machine is no longer running (killed, crashed); an
    owner on another host is never known to be gone."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
