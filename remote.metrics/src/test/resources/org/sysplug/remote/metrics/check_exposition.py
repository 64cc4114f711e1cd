"""Reads a metrics exposition on stdin, parses it with Prometheus's own Python client parser and
prints its samples as JSON; exits 1 with one line on stderr when the exposition is malformed.

usage: check_exposition.py text|openmetrics

The text-format parser of prometheus_client accepts some expositions that Prometheus's scraper
refuses (a second HELP or TYPE line for a metric, a metric's lines split apart, the same series
twice), so for the text format those rules are checked here as well; the OpenMetrics parser
enforces them itself.
"""
import json
import math
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_text


def check_text_structure(text):
    help_seen, type_seen, sampled, closed = set(), set(), set(), set()
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith('#'):
            parts = line.split(None, 3)
            if len(parts) < 3 or parts[1] not in ('HELP', 'TYPE'):
                continue
            kind, name = parts[1], parts[2]
            seen = help_seen if kind == 'HELP' else type_seen
            if name in seen:
                raise ValueError('line %d: a second %s line for %s' % (number, kind, name))
            if kind == 'TYPE' and name in sampled:
                raise ValueError('line %d: TYPE of %s after its samples' % (number, name))
            seen.add(name)
            family = name
        else:
            family = line.split('{', 1)[0].split(None, 1)[0]
            for suffix in ('_bucket', '_count', '_sum', '_created'):
                base = family[:-len(suffix)]
                if family.endswith(suffix) and (base in type_seen or base in help_seen):
                    family = base
            sampled.add(family)
        if family != current:
            if family in closed:
                raise ValueError('line %d: the lines of %s are split apart' % (number, family))
            if current is not None:
                closed.add(current)
            current = family


def main():
    fmt = sys.argv[1]
    text = sys.stdin.read()
    try:
        if fmt == 'text':
            check_text_structure(text)
            families = list(parse_text(text))
        else:
            families = list(parse_openmetrics(text))
        out, series = [], set()
        for family in families:
            for s in family.samples:
                key = (s.name, tuple(sorted(s.labels.items())))
                if key in series:
                    raise ValueError('the series %s%s appears twice' % (s.name, s.labels))
                series.add(key)
                value = s.value
                if isinstance(value, float) and math.isinf(value):
                    value = str(value)
                out.append({'family': family.name, 'type': family.type, 'help': family.documentation,
                            'unit': getattr(family, 'unit', ''), 'name': s.name, 'labels': s.labels,
                            'value': value})
    except ValueError as e:
        print('malformed exposition: %s' % e, file=sys.stderr)
        sys.exit(1)
    json.dump(out, sys.stdout)


main()
