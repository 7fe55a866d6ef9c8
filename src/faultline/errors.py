"""Domain exceptions, each carrying the fix; the CLI turns them into one line and an exit code."""

from __future__ import annotations


class FaultlineError(Exception):
    """Base class: `str(err)` is one line that says what went wrong and how to fix it."""

    exit_code = 1

    def __init__(self, message: str, fix: str = "") -> None:
        self.message = message
        self.fix = fix
        super().__init__(f"{message} ({fix})" if fix else message)


class InputError(FaultlineError):
    """A path or option given by the user cannot be used."""

    exit_code = 2


class ConfigError(FaultlineError):
    """A settings file or environment variable has a bad value."""

    exit_code = 2


class StoreError(FaultlineError):
    """The store cannot be opened, migrated or written."""

    exit_code = 3


class StrictModeError(FaultlineError):
    """`--strict` was given and at least one input was rejected."""

    exit_code = 4


class AssessDataError(ConfigError):
    """A framework, action, estimative-word or grading data file is invalid.

    The message names the file and the key (``intervention.yaml: factors[2].supports.phrases[0]``),
    the fix says what to write instead.
    """
