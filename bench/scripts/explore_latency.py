#!/usr/bin/env python3
"""Click-to-projection latency of the explorer on the built-in SqueezeNet (the ImageNet net).

Starts `convscope explore` (app/target/convscope.jar; build it first) on a free port with one photo,
then plays what the page does: pick a layer (its activation grid), then click units of it: the
unit's enlarged activation map and its projection, requested at the same time; the time counted is from the click (both requests sent)
to the projection's last byte. Units are drawn from several layers, each asked once (a new unit is
never in the browser's cache). Also times the projection request alone and a mode toggle. Writes
bench/results/explore-latency.md. Goal: under 300 ms on 2 cores.

    python3 bench/scripts/explore_latency.py [--device cpu|opencl] [--photo FILE] [--clicks N]
"""
import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import quote

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p


def get(port, path):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=120)
    t = time.perf_counter()
    c.request('GET', path)
    r = c.getresponse()
    body = r.read()
    dt = time.perf_counter() - t
    c.close()
    if r.status != 200:
        raise SystemExit('GET %s answered %d: %s' % (path, r.status, body[:200]))
    return dt, body


def click(port, image, blob, unit, mode):
    """Activation map and projection at once, as the page sends them; returns the projection's time."""
    out = {}

    def act():
        out['act'] = get(port, '/api/images/%s/activations/%s/%d' % (image, quote(blob, safe=''), unit))[0]

    t0 = time.perf_counter()
    th = threading.Thread(target=act)
    th.start()
    get(port, '/api/images/%s/projection/%s/%d?mode=%s' % (image, quote(blob, safe=''), unit, mode))
    proj = time.perf_counter() - t0
    th.join()
    return proj


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--device', default='cpu')
    ap.add_argument('--photo', default=os.path.join(ROOT, '..', 'shared', 'data', 'images', 'darknet', 'dog.jpg'))
    ap.add_argument('--clicks', type=int, default=40)
    ap.add_argument('--out', default=os.path.join(ROOT, 'bench', 'results', 'explore-latency.md'))
    a = ap.parse_args()
    jar = os.path.join(ROOT, 'app', 'target', 'convscope.jar')
    port = free_port()
    cmd = ['java', '-Xmx4g', '-jar', jar, 'explore', '--device', a.device, '--port', str(port), a.photo]
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = server.stdout.readline()
        if 'http://' not in line:
            raise SystemExit('explore did not start: ' + line + server.stdout.read())
        model = json.loads(get(port, '/api/model')[1])
        image = json.loads(get(port, '/api/images')[1])['images'][0]['id']
        layers = [b['name'] for b in model['blobs'] if len(b['shape']) == 4
                  and b['name'] in ('conv1', 'fire3/concat', 'fire5/concat', 'fire7/concat', 'fire9/concat')]
        rnd = random.Random(1)
        for _ in range(5):  # warm-up: JIT, first allocations
            blob = rnd.choice(layers)
            click(port, image, blob, rnd.randrange(64), 'deconvnet')
        clicks, alone, toggles, grids = [], [], [], []
        per_layer = {b: [] for b in layers}
        seen = set()
        per = max(1, a.clicks // len(layers))
        for blob in layers:  # as on the page: pick a layer (its grid), then click units of it
            grids.append(get(port, '/api/images/%s/activations/%s' % (image, quote(blob, safe='')))[0])
            ch = next(b['shape'][1] for b in model['blobs'] if b['name'] == blob)
            n = 0
            while n < per:
                unit = rnd.randrange(ch)
                if (blob, unit) in seen:
                    continue
                seen.add((blob, unit))
                n += 1
                t = click(port, image, blob, unit, 'deconvnet')
                clicks.append(t)
                per_layer[blob].append(t)
                toggles.append(get(port, '/api/images/%s/projection/%s/%d?mode=guided' % (image, quote(blob, safe=''), unit))[0])
        for _ in range(10):
            blob = rnd.choice(layers)
            alone.append(get(port, '/api/images/%s/projection/%s/%d?mode=standard' % (image, quote(blob, safe=''), rnd.randrange(64)))[0])
    finally:
        server.terminate()
        server.wait()
    cpu = 'unknown'
    with open('/proc/cpuinfo') as f:
        for l in f:
            if l.startswith('model name'):
                cpu = l.split(':', 1)[1].strip()
                break
    ms = lambda v: '%.0f' % (1000 * v)
    lines = [
        '# Explorer: click on a unit -> projection shown',
        '',
        'Measured %s by `python3 bench/scripts/explore_latency.py --device %s` on %s (%d cores), '
        'model %s (%s), photo %s. A click sends the unit\'s activation map and its deconvnet projection '
        'at once, as the page does; the time is until the projection\'s last byte. Goal: < 300 ms on 2 cores. '
        'Load average during the run: %.1f (other jobs on the machine inflate every figure).'
        % (time.strftime('%Y-%m-%d %H:%MZ', time.gmtime()), a.device, cpu, os.cpu_count(), model['name'],
           model['device'], os.path.basename(a.photo), os.getloadavg()[0]),
        '',
        '| what | n | median ms | p90 ms | max ms |',
        '|---|---:|---:|---:|---:|',
        '| click -> projection (with the activation map) | %d | %s | %s | %s |' % (
            len(clicks), ms(statistics.median(clicks)), ms(pct(clicks, 90)), ms(max(clicks))),
        '| pick a layer (activation grid) | %d | %s | %s | %s |' % (
            len(grids), ms(statistics.median(grids)), ms(pct(grids, 90)), ms(max(grids))),
        '| mode toggle (guided projection alone) | %d | %s | %s | %s |' % (
            len(toggles), ms(statistics.median(toggles)), ms(pct(toggles, 90)), ms(max(toggles))),
        '| standard projection alone | %d | %s | %s | %s |' % (
            len(alone), ms(statistics.median(alone)), ms(pct(alone, 90)), ms(max(alone))),
    ]
    for b, v in per_layer.items():
        if v:
            lines.append('| click on %s | %d | %s | %s | %s |' % (b, len(v), ms(statistics.median(v)), ms(pct(v, 90)), ms(max(v))))
    text = '\n'.join(lines) + '\n'
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    mode = 'a' if os.path.exists(a.out) and os.environ.get('APPEND') else 'w'
    with open(a.out, mode) as f:
        f.write(('\n' if mode == 'a' else '') + text)
    print(text)


if __name__ == '__main__':
    main()
