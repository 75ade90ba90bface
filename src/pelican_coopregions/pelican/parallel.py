"""The plugin's jobs rendered in worker processes while Pelican writes its own pages.

The plugin's pages depend on the finished context only, never on what Pelican writes. So once
Pelican begins writing (its first ``content_written`` or ``feed_written``: every generator's
context is final, Pelican's links are refreshed and every ``get_writer`` receiver has run,
pelican-i18n-subsites' included), the generator forks workers (:class:`Workers`). They take
the jobs to render chunk by chunk from a shared counter, in the plan's order, and write them
with a writer of their own; when Pelican reaches the plugin's generator, the main process
takes chunks too, through Pelican's writer, then collects what the workers wrote.

A worker's process is a copy of the build (``fork``): it renders exactly what a serial build
renders, and sends back only the files each job wrote, or the first job that failed and its
error. The main process does the rest as a serial build does it (:mod:`.generator`).

Where ``fork`` is missing (Windows), or other threads run in the process (forking them is
unsafe), the build is serial; ``COOPREGIONS_WORKERS = 0`` asks for it.
"""

from __future__ import annotations

import gc
import importlib
import logging
import multiprocessing
import os
import pickle
import threading
import traceback
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pelican.plugins import signals  # type: ignore[attr-defined]
from pelican.writers import Writer

from .feed_meta import adjust_feed
from .plan import PageJob
from .render import record_written

logger = logging.getLogger(__name__)

# The variable of the site's context through which Pelican's first written file starts the
# workers (:func:`output_begins`).
OUTPUT_KEY = "coopregions_output"
# Below this many files to write (pages, their numbered pages, feeds), a worker costs more
# than it saves (docs/performance.md#worker-processes).
MIN_FILES = 1000
# Workers started with COOPREGIONS_WORKERS = "auto", at most: while the main process
# writes Pelican's pages, one or two take the plugin's (docs/performance.md); each costs the
# memory of the pages it touches.
AUTO_WORKERS = 2
# A chunk is at most this many jobs: the last chunks, taken while the others end, stay short.
MAX_CHUNK = 16
WRITING_SIGNALS = ("content_written", "feed_generated", "feed_written")


def output_begins(sender: Any, context: Any = None, **kwargs: Any) -> None:
    """Receiver of ``content_written`` and ``feed_written``: Pelican has begun writing, so the
    site's context is final; the generator whose start is in it prepares its output (once)."""
    start = context.get(OUTPUT_KEY) if isinstance(context, dict) else None
    if isinstance(start, OutputStart):
        start()


class OutputStart:
    """Stands in the site's context for the generator, to be called when Pelican begins
    writing. It holds the generator weakly, and copies of a context share it (a plugin that
    copies a page's context deeply copies no build)."""

    __slots__ = ("_begin",)

    def __init__(self, begin: Callable[[], None]) -> None:
        self._begin = weakref.WeakMethod(begin)

    def __call__(self) -> None:
        begin = self._begin()
        if begin is not None:
            begin()

    def __copy__(self) -> OutputStart:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> OutputStart:
        return self


def own_receiver(receiver: Any) -> bool:
    """Whether ``receiver`` is one of the plugin's own receivers of Pelican's writing signals."""
    return receiver in (record_written, output_begins, adjust_feed)


def usable_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity on this platform (macOS, Windows)
        return os.cpu_count() or 1


def can_fork() -> str | None:
    """Why this process cannot fork workers, or ``None`` when it can."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return "this platform has no fork"
    if threading.active_count() > 1:
        return "other threads run in this process"
    return None


def worker_count(setting: int | Literal["auto"], jobs: int, files: Callable[[], int]) -> int:
    """How many workers to start for ``jobs`` jobs writing ``files()`` files (counted only
    for ``"auto"``: counting builds every paginator again):
    ``COOPREGIONS_WORKERS`` when a number; with ``"auto"``, when there are enough files to
    pay for them, one less than the usable CPUs (the build's own process writes Pelican's
    pages meanwhile), at most ``AUTO_WORKERS``; never more than the jobs. 0 where workers
    cannot run (:func:`can_fork`). Off unless asked for: each worker costs memory
    (docs/performance.md#worker-processes)."""
    if setting != "auto":
        wanted = setting
    else:
        wanted = min(usable_cpus() - 1, AUTO_WORKERS) if files() >= MIN_FILES else 0
    wanted = min(wanted, jobs)
    if wanted <= 0:
        return 0
    if (reason := can_fork()) is not None:
        logger.info("pelican-coopregions writes its pages in one process: %s", reason)
        return 0
    return wanted


def writes_as_pelican(writer: Any) -> bool:
    """Whether ``writer`` writes as Pelican's own ``Writer`` (a subclass that adds methods
    only, such as pelican-lunr's), so the workers' writer writes the same bytes."""
    kind = type(writer)
    return isinstance(writer, Writer) and all(
        getattr(kind, name) is value for name, value in vars(Writer).items() if callable(value)
    )


@dataclass(frozen=True, slots=True)
class Failure:
    """The first job of a process that failed: its place in the list, and the error."""

    index: int
    error: BaseException


@dataclass(frozen=True, slots=True)
class _Sent:
    """A worker's failure as it travels to the main process: the error pickled, or when it
    cannot be, its class's import path and its text; with the worker's traceback."""

    index: int
    pickled: bytes | None
    kind: str
    message: str
    trace: str

    @classmethod
    def of(cls, failure: Failure) -> _Sent:
        error = failure.error
        trace = "".join(traceback.format_exception(error))
        kind = f"{type(error).__module__}:{type(error).__qualname__}"
        pickled: bytes | None
        try:
            pickled = pickle.dumps(error)
            pickle.loads(pickled)  # our own bytes, from this very build
        except Exception:  # any error that does not survive the trip
            pickled = None
        return cls(failure.index, pickled, kind, str(error), trace)

    def failure(self) -> Failure:
        """The error as the worker raised it: same class and text, the worker's traceback
        as a note."""
        error: BaseException | None = None
        if self.pickled is not None:
            error = pickle.loads(self.pickled)
        else:
            module, _, name = self.kind.partition(":")
            try:
                kind = importlib.import_module(module)
                for part in name.split("."):
                    kind = getattr(kind, part)
                error = kind(self.message)  # type: ignore[operator]
            except Exception:  # a class that cannot be made again from its text
                error = None
            if not isinstance(error, BaseException):
                error = RuntimeError(self.message)
        error.add_note(f"Raised in a pelican-coopregions worker process:\n{self.trace}")
        return Failure(self.index, error)


Results = list[tuple[int, list[str]]]  # each job's index and the files it wrote


class Workers:
    """Worker processes and the main process rendering ``jobs`` together, in chunks.

    ``render(job, writer)`` writes one job and returns its files; ``writer()`` makes a worker's
    writer. Chunks are handed out in order from a counter the processes share, so when a job
    fails, every job before it has been taken, and is finished, by some process.
    """

    def __init__(
        self,
        jobs: Sequence[PageJob],
        count: int,
        render: Callable[[PageJob, Any], list[str]],
        writer: Callable[[], Any],
    ) -> None:
        context = multiprocessing.get_context("fork")
        self.jobs = jobs
        self.chunk = max(1, min(MAX_CHUNK, len(jobs) // (8 * (count + 1))))
        self._next = context.Value("q", 0)  # the first job not taken yet
        self._pipes: list[Any] = []
        self._processes: list[Any] = []
        # Objects made so far are never collected in the workers: their collector does not
        # walk (and copy) the pages of the whole build.
        gc.freeze()
        try:
            for _ in range(count):
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(
                    target=self._work, args=(sender, render, writer), daemon=True
                )
                process.start()
                sender.close()
                self._pipes.append(receiver)
                self._processes.append(process)
        finally:
            gc.unfreeze()

    @property
    def count(self) -> int:
        """How many worker processes there are."""
        return len(self._processes)

    def _take(self) -> range:
        """The next chunk of jobs (empty when none are left)."""
        with self._next.get_lock():
            start = self._next.value
            end = min(start + self.chunk, len(self.jobs))
            self._next.value = max(start, end)
        return range(start, end)

    def stop(self) -> None:
        """Hand out no more chunks; those taken are finished."""
        with self._next.get_lock():
            self._next.value = len(self.jobs)

    def run(self, render: Callable[[PageJob], list[str]]) -> tuple[Results, Failure | None]:
        """Render chunks until none are left, or until a job fails (then no more are handed
        out, to anyone)."""
        done: Results = []
        while chunk := self._take():
            for index in chunk:
                try:
                    done.append((index, render(self.jobs[index])))
                except Exception as error:  # sent to the main process, raised there
                    self.stop()
                    return done, Failure(index, error)
        return done, None

    def _work(
        self, sender: Any, render: Callable[[PageJob, Any], list[str]], writer: Callable[[], Any]
    ) -> None:
        """A worker's life: render chunks with a writer of its own, send back the results."""
        failure: Failure | None
        try:
            _only_own_receivers()
            own = writer()
            done, failure = self.run(lambda job: render(job, own))
        except Exception as error:
            done, failure = [], Failure(-1, error)
            self.stop()
        sender.send((done, _Sent.of(failure) if failure else None))
        sender.close()

    def finish(self) -> tuple[Results, list[Failure]]:
        """Wait for every worker: the jobs each wrote, and the failures."""
        done: Results = []
        failures: list[Failure] = []
        for receiver, process in zip(self._pipes, self._processes, strict=True):
            try:
                results, sent = receiver.recv()
            except EOFError:
                process.join()
                message = (
                    "a pelican-coopregions worker process ended without its results (exit code "
                    f"{process.exitcode}); COOPREGIONS_WORKERS = 0 writes every page in Pelican's "
                    "own process"
                )
                failures.append(Failure(-1, RuntimeError(message)))
                continue
            finally:
                receiver.close()
            process.join()
            done += results
            if sent is not None:
                failures.append(sent.failure())
        return done, failures


def _only_own_receivers() -> None:
    """In a worker: the files it writes are announced to the plugin's receivers only. The
    main process announces them to everyone else (a worker is a copy: other plugins' receivers
    would note them in a copy of their state that is thrown away, or act twice)."""
    for name in WRITING_SIGNALS:
        signal = getattr(signals, name)
        for reference in list(signal.receivers.values()):
            receiver = reference() if isinstance(reference, weakref.ref) else reference
            if receiver is not None and not own_receiver(receiver):
                signal.disconnect(receiver)
