#!/usr/bin/python3
"""The benchmark's reference task the way a Python user writes it:
PyYAML for the front matter, Python-Markdown for .md bodies,
BeautifulSoup with the lxml parser for the DOM (Debian's packages).

    /usr/bin/python3 bench/baselines/reference.py ARCHIVE OUT [--jobs N]

Writes OUT/records.jsonl (one record per post, in path order) and the
cleaned posts under OUT/posts/. Errors go to stderr; the run goes on.
"""
import argparse
import datetime
import json
import multiprocessing
import os
import re
import sys

import markdown
import yaml
from bs4 import BeautifulSoup

JUNK = ('script, style, iframe, noscript, section#imu, [id^="dfp-ad"], '
        '#innity-in-post, .cx_paywall_placeholder, [class*="outbrain"], '
        '[id*="outbrain"]')
# Elements that start a new line in the text, as a browser shows them.
BLOCKS = ['address', 'article', 'aside', 'blockquote', 'dd', 'details',
          'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'form', 'h1',
          'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav',
          'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul']
CLOSING = re.compile(r'^(?:---|\.\.\.)[ \t]*\r?$', re.M)


def split_front_matter(text):
    """(front matter, body): the YAML between a first '---' line and the
    next '---' or '...' line; no front matter gives ('', text)."""
    text = text.lstrip('\ufeff')
    first = text.split('\n', 1)
    if len(first) < 2 or first[0].rstrip('\r \t') != '---':
        return '', text
    rest = first[1]
    end = CLOSING.search(rest)
    if not end:
        return '', text
    newline = rest.find('\n', end.end())
    body = rest[newline + 1:] if newline >= 0 else ''
    return rest[:end.start()], body


def iso(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return None if value is None else str(value)


def text_of(soup):
    for br in soup.find_all('br'):
        br.replace_with('\n')
    for el in soup.find_all(BLOCKS):
        el.insert_before('\n')
        el.insert_after('\n')
    text = soup.get_text().replace('\xa0', ' ')
    lines = (' '.join(line.split()) for line in text.split('\n'))
    return '\n'.join(line for line in lines if line)


def process(job):
    archive, out, rel = job
    try:
        with open(os.path.join(archive, rel), encoding='utf-8') as f:
            raw = f.read()
        front, body = split_front_matter(raw)
        meta = yaml.safe_load(front) if front else {}
        if not isinstance(meta, dict):
            meta = {}
        if rel.endswith('.md') or rel.endswith('.markdown'):
            body = markdown.markdown(body, extensions=['extra'])
        soup = BeautifulSoup(body, 'lxml')
        for el in soup.select(JUNK):
            el.decompose()
        for img in soup.select('img[data-src]'):
            img['src'] = img['data-src']
            del img['data-src']
            if img.has_attr('referrerpolicy'):
                del img['referrerpolicy']
            classes = [c for c in img.get('class', []) if c != 'lazyload']
            if classes:
                img['class'] = classes
            elif img.has_attr('class'):
                del img['class']
        images = [img.get('src', '') for img in soup.find_all('img')]
        cleaned = soup.body.decode_contents() if soup.body else ''
        target = os.path.join(out, 'posts', rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, 'w', encoding='utf-8') as f:
            f.write('---\n' + front + '---\n' + cleaned if front else cleaned)
        record = {'path': rel, 'title': meta.get('title'),
                  'date': iso(meta.get('date')), 'tags': meta.get('tags'),
                  'url': meta.get('from') or meta.get('url') or meta.get('link'),
                  'text': text_of(soup), 'images': images}
        return json.dumps(record, ensure_ascii=False, default=str), None
    except Exception as e:  # a bad post is reported; the others go on
        return None, f'{rel}: {type(e).__name__}: {e}'


def posts(archive):
    found = []
    for root, _, files in os.walk(archive):
        for name in files:
            if name.endswith(('.md', '.markdown', '.html', '.htm')):
                found.append(os.path.relpath(os.path.join(root, name), archive))
    return sorted(found)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('archive')
    ap.add_argument('out')
    ap.add_argument('--jobs', type=int, default=1,
                    help='processes (default 1: no multiprocessing)')
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    jobs = [(args.archive, args.out, rel) for rel in posts(args.archive)]
    failed = 0
    with open(os.path.join(args.out, 'records.jsonl'), 'w',
              encoding='utf-8') as records:
        if args.jobs > 1:
            pool = multiprocessing.Pool(args.jobs)
            results = pool.imap(process, jobs, chunksize=16)
        else:
            results = map(process, jobs)
        for line, error in results:
            if error:
                failed += 1
                print(error, file=sys.stderr)
            else:
                records.write(line + '\n')
        if args.jobs > 1:
            pool.close()
            pool.join()
    print(f'{len(jobs)} posts, {failed} failed', file=sys.stderr)


if __name__ == '__main__':
    main()
