"""Several web processes on one port, each with its own listening socket (SO_REUSEPORT).

Uvicorn's own ``--workers`` shares one listening socket, and asyncio accepts every waiting
connection in one go: a burst of keep-alive connections (a proxy's pool, a load test) often lands
on one process while the other idles, so throughput halves by chance. With one SO_REUSEPORT
socket per process the kernel spreads new connections over them. The sockets are all bound
before any process starts, so a connection that comes early waits in its socket's queue instead
of going to whichever process happened to start first.

The supervisor is small on purpose: it starts the processes, restarts one that dies, and on
SIGTERM or SIGINT asks each to stop (uvicorn then drains open requests) and waits for them.
"""

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from types import FrameType

log = logging.getLogger("fmek.serve")

STARTUP_FAILURE = 3  # uvicorn's exit code when the app cannot start
RESTART_PAUSE_S = 1.0  # a process that dies at once is not restarted in a tight loop


@dataclass(frozen=True)
class ServerOptions:
    """What every web process runs with (picklable: the processes are spawned)."""

    host: str
    port: int
    log_level: str
    drain_s: int


def reuse_port_supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port that other processes of this server may bind too."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _serve_one(options: ServerOptions, sock: socket.socket) -> None:
    """One web process: the app on its own socket; uvicorn handles SIGTERM/SIGINT (drain)."""
    import uvicorn

    from fmek.security.http_protocol import BoundedHttpToolsProtocol

    config = uvicorn.Config(
        "fmek.main:create_app",
        factory=True,
        http=BoundedHttpToolsProtocol,  # the request head is bounded (431), like the body
        access_log=False,
        proxy_headers=False,  # X-Forwarded-* are trusted by fmek itself, only from trusted_proxies
        log_level=options.log_level,
        timeout_graceful_shutdown=options.drain_s,
    )
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    if not server.started:
        sys.exit(STARTUP_FAILURE)


class Supervisor:
    """Starts ``count`` web processes, restarts the ones that die, stops them all on a signal."""

    def __init__(self, options: ServerOptions, count: int) -> None:
        self.options = options
        self.sockets = [listening_socket(options.host, options.port) for _ in range(count)]
        self.context = multiprocessing.get_context("spawn")
        self.processes: list[BaseProcess | None] = [None] * count
        self.stopping = False

    def _start(self, index: int) -> None:
        process = self.context.Process(
            target=_serve_one,
            args=(self.options, self.sockets[index]),
            name=f"fmek-web-{index + 1}",
        )
        process.start()
        self.processes[index] = process

    def _stop(self, _signum: int, _frame: FrameType | None) -> None:
        """SIGTERM to every process, whatever the signal: after a terminal's SIGINT (which the
        processes got too) a second SIGINT would make uvicorn drop open requests."""
        self.stopping = True
        for process in self.processes:
            if process is not None and process.pid is not None and process.is_alive():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGTERM)

    def run(self) -> int:
        """Serve until a signal; the exit code is uvicorn's startup failure code (3) when a
        process could not start (the others are stopped: a half server is no server)."""
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for index in range(len(self.processes)):
            self._start(index)
        code = 0
        while not self.stopping:
            time.sleep(0.5)
            for index, process in enumerate(self.processes):
                if process is None or process.is_alive() or self.stopping:
                    continue
                if process.exitcode == STARTUP_FAILURE:
                    log.error("web process %s could not start; stopping", process.name)
                    code = STARTUP_FAILURE
                    self._stop(signal.SIGTERM, None)
                    break
                log.error(
                    "web process %s stopped (exit code %s); starting it again",
                    process.name,
                    process.exitcode,
                )
                time.sleep(RESTART_PAUSE_S)
                self._start(index)
        deadline = time.monotonic() + self.options.drain_s + 5
        for process in self.processes:
            if process is not None:
                process.join(max(0.0, deadline - time.monotonic()))
                if process.is_alive():
                    process.kill()
                    process.join()
        for sock in self.sockets:
            sock.close()
        return code
