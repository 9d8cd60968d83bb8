"""The hostile-input corpus: hypothesis settings and the tally behind docs/hostile-input.md.

CI runs a fixed number of examples from a fixed seed (derandomized), so a run is reproducible and fits
its time budget; COWORK3P_FUZZ_EXAMPLES=<n> asks for more (or fewer) examples per property.
COWORK3P_FUZZ_REPORT=<file> writes the figures as a Markdown table (docs/hostile-input.md quotes one).
"""

import collections
import os
import time

import pytest
from hypothesis import HealthCheck, Phase, settings

EXAMPLES = int(os.environ.get("COWORK3P_FUZZ_EXAMPLES", "0") or 0)
HANG_SECONDS = 2.0      # one example taking longer than this counts as a hang
OUTCOMES = ("tried", "clear error", "traceback", "accepted", "broken file", "leak", "hang")

_PROFILE = settings(derandomize=True, deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much, HealthCheck.large_base_example])


def fuzz(default, shrink=True, batch=1):
    """Settings of one property (a decorator): derandomized, the CI number of examples or what
    COWORK3P_FUZZ_EXAMPLES asks for. Other tests of the session keep hypothesis' own defaults.
    shrink=False for properties whose examples are batches (shrinking them takes minutes); batch: documents per
    example (COWORK3P_FUZZ_EXAMPLES then counts documents)."""
    phases = (Phase.explicit, Phase.reuse, Phase.generate) + ((Phase.shrink,) if shrink else ())
    # (no explain phase: it traces every line, which makes deep inputs slow)
    return settings(_PROFILE, max_examples=max(1, EXAMPLES // batch) if EXAMPLES else default, phases=phases)


class Tally:
    """Outcome counts per category, over the whole session."""

    def __init__(self):
        self.counts = collections.OrderedDict()

    def add(self, category, outcome):
        row = self.counts.setdefault(category, collections.Counter())
        row["tried"] += 1
        row[outcome] += 1

    def markdown(self):
        lines = ["| category | " + " | ".join(OUTCOMES) + " |", "|---|" + "---:|" * len(OUTCOMES)]
        for category, row in self.counts.items():
            lines.append("| %s | %s |" % (category, " | ".join(str(row.get(o, 0)) for o in OUTCOMES)))
        return "\n".join(lines)


TALLY = Tally()


@pytest.fixture(scope="session")
def tally():
    return TALLY


class Clock:
    """Times one example: a hang is more than HANG_SECONDS of CPU time in this process (other jobs on a shared
    machine do not make an example hang) or ten times that on the wall clock (a wait that never ends)."""

    def __init__(self, category):
        self.category = category

    def __enter__(self):
        self.start, self.cpu_start = time.monotonic(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.start
        self.cpu = time.process_time() - self.cpu_start
        if self.cpu > HANG_SECONDS or self.seconds > 10 * HANG_SECONDS:
            TALLY.counts.setdefault(self.category, collections.Counter())["hang"] += 1
        return False


def pytest_terminal_summary(terminalreporter):
    if TALLY.counts:
        terminalreporter.write_sep("-", "hostile-input corpus (docs/hostile-input.md)")
        terminalreporter.write_line(TALLY.markdown())
    target = os.environ.get("COWORK3P_FUZZ_REPORT")
    if target and TALLY.counts:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(TALLY.markdown() + "\n")
