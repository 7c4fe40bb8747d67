#!/usr/bin/python3
"""Writes bench/RESULTS.md from bench/bench.sh's measures: medians per
command, rates, ratios against the floor and the baselines, the targets
of issue 9, the machine, the date and the exact command.

    report.py MEASURES.tsv COMPARE.md --posts N --bytes B --cores C
        --source DIR --command CMD
"""
import argparse
import datetime
import os
import platform
import statistics
import subprocess


def first_line(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True).stdout
        return out.splitlines()[0].strip() if out else '?'
    except OSError:
        return '?'


def cpu_model():
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                return line.split(':', 1)[1].strip()
    return platform.processor() or '?'


def memory_gib():
    with open('/proc/meminfo') as f:
        kb = int(f.readline().split()[1])
    return kb / 1024 / 1024


def load(path):
    rows = {}
    order = []
    with open(path) as f:
        for line in f:
            name, posts, size, wall, user, sys_, rss = line.rstrip('\n').split('\t')
            if name not in rows:
                order.append(name)
                rows[name] = {'posts': int(posts), 'bytes': int(size),
                              'wall': [], 'cpu': [], 'rss': []}
            r = rows[name]
            r['wall'].append(float(wall))
            r['cpu'].append(float(user) + float(sys_))
            r['rss'].append(int(rss) / 1024)
    for r in rows.values():
        for k in ('wall', 'cpu', 'rss'):
            r[k] = statistics.median(r[k])
        r['wall'] = max(r['wall'], 0.01)  # /usr/bin/time's resolution
        r['rate'] = r['posts'] / r['wall']
        r['mbs'] = r['bytes'] / 1e6 / r['wall']
    return order, rows


def verdict(value, target, higher_is_better=True):
    ok = value >= target if higher_is_better else value <= target
    return 'met' if ok else '**missed**'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('measures')
    ap.add_argument('compare')
    ap.add_argument('--posts', type=int, required=True)
    ap.add_argument('--bytes', type=int, required=True)
    ap.add_argument('--cores', type=int, required=True)
    ap.add_argument('--source', required=True)
    ap.add_argument('--command', required=True)
    args = ap.parse_args()
    order, rows = load(args.measures)
    c = args.cores
    here = os.path.dirname(os.path.abspath(__file__))
    newspipe = first_line(['git', '-C', here, 'describe', '--always'])
    # the report being rewritten does not make the tree dirty
    if first_line(['git', '-C', here, 'status', '--porcelain', '--', '..',
                   ':!RESULTS.md']) != '?':
        newspipe += ' with uncommitted changes'
    now = datetime.datetime.now(datetime.timezone.utc)
    p = print
    p('# Benchmark results\n')
    p(f'Written by `{args.command}` on {now:%Y-%m-%d %H:%M} UTC.\n')
    p(f'- Machine: {cpu_model()}, {c} cores (`nproc`), '
      f'{memory_gib():.0f} GiB; {platform.system()} {platform.release()}')
    p(f'- newspipe {newspipe} (Release build); '
      f'{first_line(["pandoc", "--version"])}; Python '
      f'{platform.python_version()} (/usr/bin/python3) with Debian\'s bs4, '
      f'lxml, PyYAML, Python-Markdown')
    p(f'- Archive: {args.posts:,} posts, {args.bytes / 1e6:.1f} MB, copies of '
      f'`{args.source}`; read from the page cache; outputs in `/dev/shm`')
    p('\nMedians of the runs (`/usr/bin/time`): wall time, posts and MB per '
      'second of wall time, CPU seconds (user + system), peak RSS of the '
      'largest process.\n')
    p('| command | posts | wall s | posts/s | MB/s | CPU s | peak RSS MB |')
    p('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
    for name in order:
        r = rows[name]
        p(f'| {name} | {r["posts"]:,} | {r["wall"]:.2f} | {r["rate"]:,.0f} | '
          f'{r["mbs"]:.1f} | {r["cpu"]:.2f} | {r["rss"]:.1f} |')

    def rate(name):
        return rows[name]['rate'] if name in rows else None

    one, all_ = rate('newspipe -j1'), rate(f'newspipe -j{c}')
    p('\n## Ratios and targets\n')
    p('Ratios of posts per second, so pandoc, which converts a sample, '
      'compares too.\n')
    p('| ratio | value | target | |')
    p('| --- | ---: | ---: | --- |')

    def line(label, value, target, higher=True):
        t = f'≥ {target}' if higher else f'≤ {target}'
        shown = f'{value:.3f}' if value < 10 else f'{value:.1f}'
        p(f'| {label} | {shown} | {t} | {verdict(value, target, higher)} |')

    line('newspipe -j1 / floor', one / rate('floor'), 0.6)
    line(f'newspipe -j{c} / newspipe -j1', all_ / one, 1.8)
    line('newspipe -j1 / Python', one / rate('python'), 10)
    line(f'newspipe -j{c} / Python -j{c}', all_ / rate(f'python -j{c}'), 10)
    line(f'newspipe -j{c} / pandoc -j{c}', all_ / rate(f'pandoc -j{c}'), 100)
    small = rows.get(f'newspipe -j{c}, 20000 posts') or (
        rows[f'newspipe -j{c}'] if args.posts == 20000 else None)
    large = rows.get(f'newspipe -j{c}, 100000 posts') or (
        rows[f'newspipe -j{c}'] if args.posts == 100000 else None)
    if small and large:
        line('peak RSS, 100,000 posts / 20,000', large['rss'] / small['rss'],
             1.2, higher=False)
    per_worker = rows['newspipe -j1']['rss']
    line('peak RSS of newspipe -j1, MB', per_worker, 64, higher=False)
    parse = rows.get('zh: bodies parsed -j1')
    zh = rows.get('zh: zh.convert("s2t") -j1')
    opencc = rows.get('zh: opencc on the same texts')
    if parse and zh and opencc:
        added = zh['wall'] - parse['wall']
        line('zh.convert("s2t"): time added to the parse / opencc on the '
             'same texts', added / opencc['wall'], 1.3, higher=False)
    j1, jn = rows['newspipe -j1'], rows[f'newspipe -j{c}']
    busy1 = j1['cpu'] / j1['wall']
    if busy1 > 0:  # runs too short for /usr/bin/time to see show none
        p(f'\nnewspipe -j1 keeps {busy1:.2f} cores busy (its committer thread '
          f'writes the outputs beside the worker), so on {c} cores -j{c} can '
          f'be at most {c / busy1:.2f}× -j1; -j{c} kept '
          f'{100 * jn["cpu"] / jn["wall"] / c:.0f}% of the {c} cores busy.')
    disk = rows.get(f'newspipe -j{c}, disk')
    if disk:
        p(f'\nWriting to disk instead of `/dev/shm`, newspipe -j{c} took '
          f'{disk["wall"]:.2f} s ({disk["cpu"]:.2f} s CPU) against '
          f'{rows[f"newspipe -j{c}"]["wall"]:.2f} s: the difference is the '
          'file system creating files.')
    p('\n## Do the tools agree?\n')
    p('Each baseline\'s records compared with newspipe -j1\'s, post by post '
      '(`bench/baselines/compare.py`: text with whitespace runs as one '
      'space, dates as instants); bench/README.md explains the '
      'differences.\n')
    with open(args.compare) as f:
        p(f.read().rstrip())


if __name__ == '__main__':
    main()
