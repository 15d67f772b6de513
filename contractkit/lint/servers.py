"""Servers: each named once, so `--server NAME` chooses exactly one."""

from __future__ import annotations

from contractkit.lint import codes
from contractkit.lint.checker import Checker
from contractkit.lint.names import check_name


def check_servers(checker: Checker) -> None:
    seen: set[str] = set()
    for index, server in enumerate(checker.contract.servers):
        if server.server in seen:
            checker.report(
                codes.DUPLICATE_SERVER,
                ("servers", index, "server"),
                f"server {server.server!r} is defined twice",
                "give each server its own name",
            )
        seen.add(server.server)
        check_name(checker, ("servers", index, "server"), "server", server.server)
