"""Loaded only by the suite's run a year ahead (scripts/test.sh puts this folder on PYTHONPATH).

That run shifts the wall clock with libfaketime but leaves the monotonic clock real
(FAKETIME_DONT_FAKE_MONOTONIC=1), so timed waits on locks, queues and connection pools expire as
they should. libfaketime 0.9.10 then mangles the absolute monotonic deadline that `time.sleep`
passes to clock_nanosleep (EINVAL), so every Python process of that run sleeps through select,
whose timeout is relative. Nothing else changes.
"""

import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


time.sleep = _sleep
