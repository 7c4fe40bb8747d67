#!/usr/bin/python3
"""Compares the benchmark's JSONL records of two tools, post by post, so
the race is fair: both must have done the same task.

    /usr/bin/python3 bench/baselines/compare.py REFERENCE OTHER [--sample K]
        [--show N]

REFERENCE and OTHER are records.jsonl files. Fields are compared after
normalising what the tools legitimately write differently: text with all
whitespace runs as one space, dates as instants (UTC when no zone is
written), tags as lists of strings,
a missing value as null. Prints a Markdown table: for each field, how many
of the posts both wrote agree; and up to N differing examples per field.
Exit status 0, or with --strict 1 when any field of any post differs or
a post is in one file only (tests use it on posts where the tools must
agree).
"""
import argparse
import datetime
import json
import re
import sys


def load(path):
    with open(path, encoding='utf-8') as f:
        return {r['path']: r for r in map(json.loads, f)}


def norm_text(s):
    return ' '.join((s or '').split())


DATE = re.compile(r'(\d{4})-(\d\d?)-(\d\d?)(?:[T ](\d\d?):(\d\d)(?::(\d\d)'
                  r'(?:\.\d+)?)?)?\s*(Z|[+-]\d\d:?\d\d)?$')


def norm_date(s):
    """An ISO 8601 or YAML timestamp as its UTC instant (UTC when no zone
    is written, as newspipe reads it); anything else as written."""
    if s is None:
        return None
    t = str(s).strip()
    m = DATE.match(t)
    if not m:
        return t
    y, mo, d, h, mi, sec, zone = m.groups()
    when = datetime.datetime(int(y), int(mo), int(d), int(h or 0),
                             int(mi or 0), int(sec or 0))
    if zone and zone != 'Z':
        sign = 1 if zone[0] == '+' else -1
        digits = zone[1:].replace(':', '')
        when -= sign * datetime.timedelta(hours=int(digits[:2]),
                                          minutes=int(digits[2:]))
    return when.isoformat() + 'Z'


def norm_tags(v):
    if v is None or v == '' or v == []:
        return []
    if isinstance(v, list):
        return [str(x) for x in v]
    return [str(v)]


def norm_str(v):
    return None if v in (None, '') else str(v)


FIELDS = {
    'title': norm_str,
    'date': norm_date,
    'tags': norm_tags,
    'url': norm_str,
    'text': norm_text,
    'images': lambda v: list(v or []),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('reference')
    ap.add_argument('other')
    ap.add_argument('--sample', type=int, default=0,
                    help='compare every K-th common post only (0: all)')
    ap.add_argument('--show', type=int, default=0,
                    help='print up to N differing examples per field')
    ap.add_argument('--strict', action='store_true',
                    help='exit 1 unless every post and field agrees')
    args = ap.parse_args()
    ref, other = load(args.reference), load(args.other)
    common = sorted(set(ref) & set(other))
    if args.sample > 1:
        common = common[::args.sample]
    agree = {f: 0 for f in FIELDS}
    examples = {f: [] for f in FIELDS}
    for path in common:
        for field, norm in FIELDS.items():
            a, b = norm(ref[path].get(field)), norm(other[path].get(field))
            if a == b:
                agree[field] += 1
            elif len(examples[field]) < args.show:
                examples[field].append((path, a, b))
    print(f'posts: {len(ref)} in {args.reference}, {len(other)} in '
          f'{args.other}, {len(common)} compared\n')
    print('| field | agree | differ |')
    print('| --- | ---: | ---: |')
    for field in FIELDS:
        print(f'| {field} | {agree[field]} | {len(common) - agree[field]} |')
    for field, found in examples.items():
        for path, a, b in found:
            a, b = (repr(x)[:300] for x in (a, b))
            print(f'\n{field} of {path}:\n  reference: {a}\n  other:     {b}')
    if args.strict:
        differ = sum(len(common) - n for n in agree.values())
        alone = len(set(ref) ^ set(other))
        return 1 if differ or alone else 0
    return 0


if __name__ == '__main__':
    sys.exit(main())
