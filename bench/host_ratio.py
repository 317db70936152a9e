"""What two cores give a perfectly parallel job on this machine, right now.

The workers ratio of ``bench/run.py`` (extraction with two workers against one)
can only be as good as the machine lets two processes run at once. On a shared
host two virtual CPUs are not always two cores' worth: while other guests run,
two busy processes each go slower than one alone does, and the same job split
in two gains 1.8 times at one hour and 2.0 at another.

So the bench measures that ceiling beside each pair of exports, with nothing of
ours in it: the bare spaCy model over a sample of the corpus's report texts
(every ``EVERY``-th), first in one process, then split in two halves parsed by
two processes at once. Each process loads the model, says it is ready and waits;
the parent lets them start together, and each times only its ``nlp.pipe``. The
ratio (one process's seconds over the slower half's) is what this host gives a
job that shares nothing; the export's ratio is read against it.

    python bench/host_ratio.py bench-out/corpus       # one measurement, printed
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

EVERY = 5
"""The sample: every fifth report text (a fifth of the corpus: about 75 s on one core at
5,000 articles, long enough to span the host's moods of a minute)."""
_READY, _GO = "ready", "go"


@dataclass(frozen=True, slots=True)
class HostRun:
    """One measurement of the ceiling."""

    one: float
    """Seconds of ``nlp.pipe`` over the sample in one process."""
    two: float
    """Seconds of the slower of the two processes that parsed half of it each, at once."""

    @property
    def ratio(self) -> float:
        return self.one / self.two


def measure_host(corpus: Path, every: int = EVERY) -> HostRun:
    """The sample parsed by one process, then by two at once."""
    (one,) = _parsed_in_parts(corpus, every, parts=1)
    return HostRun(one, max(_parsed_in_parts(corpus, every, parts=2)))


def _parsed_in_parts(corpus: Path, every: int, parts: int) -> list[float]:
    """Start ``parts`` processes, each on its part of the sample; once all have loaded the
    model, let them parse together; each one's seconds of ``nlp.pipe``."""
    command = [sys.executable, str(Path(__file__).resolve()), str(corpus), "--every", str(every)]
    children = [
        subprocess.Popen(
            [*command, "--part", str(index), "--parts", str(parts)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for index in range(parts)
    ]
    try:
        for child in children:
            if child.stdout is None or child.stdout.readline().strip() != _READY:
                raise RuntimeError(f"bench: a bare spaCy process failed to start ({' '.join(child.args)})")
        for child in children:
            assert child.stdin is not None
            child.stdin.write(_GO + "\n")
            child.stdin.flush()
        seconds = []
        for child in children:
            output, _ = child.communicate()
            if child.returncode != 0:
                raise RuntimeError(f"bench: a bare spaCy process failed (exit status {child.returncode})")
            seconds.append(json.loads(output)["parse_seconds"])
        return seconds
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()


def _part(corpus: Path, every: int, index: int, parts: int) -> None:
    """A child: load the model, say so, wait for the word, parse its part, print the seconds."""
    import time

    import spacy
    from run import report_texts

    from generator.settings import load_settings

    settings = load_settings(Path(__file__).resolve().parent.parent)
    texts = report_texts(corpus)[::every][index::parts]
    nlp = spacy.load(settings.model)
    print(_READY, flush=True)
    if sys.stdin.readline().strip() != _GO:
        sys.exit(1)
    clock = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size):
        pass
    print(json.dumps({"parse_seconds": time.perf_counter() - clock, "texts": len(texts)}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="articles folder")
    parser.add_argument("--every", type=int, default=EVERY, help=f"sample every N-th report text (default {EVERY})")
    parser.add_argument("--part", type=int, help="internal: parse this part of the sample")
    parser.add_argument("--parts", type=int, default=1, help="internal: into how many parts the sample is cut")
    args = parser.parse_args(argv)
    if args.part is not None:
        _part(args.corpus, args.every, args.part, args.parts)
        return 0
    run = measure_host(args.corpus, args.every)
    print(
        f"bare spaCy over every {args.every}th report text: one process {run.one:.1f} s, two at once "
        f"{run.two:.1f} s (the slower half): this host gives a parallel job {run.ratio:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
