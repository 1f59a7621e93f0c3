/**
 * Issue 25, defect 4: a client that sends part of its headers and stalls, or promises a body it never
 * sends, is disconnected within the configured limits while normal clients are served; GET /model does
 * not reveal where the model lives on the server.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AddressInfo } from 'node:net';

import { layers } from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { Predictor } from '../../src/serve/predictor.js';
import { buildServer } from '../../src/serve/server.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();

/** Opens a socket, writes `text`, and resolves with the milliseconds until the server closed it. */
function stall(port: number, text: string): Promise<{ ms: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    const t0 = performance.now();
    socket.on('error', () => {}); // a reset is a close too
    socket.resume(); // read (and drop) the 408 so the end of the stream is seen
    socket.on('close', () => resolve({ ms: performance.now() - t0, socket }));
    setTimeout(() => reject(new Error('the server kept a stalled socket open for 10 s')), 10_000).unref();
  });
}

test('stalled clients are dropped within the limits while normal clients are served', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'seqlab-timeouts-'));
  const model = sequential([layers.dense({ units: 1, activation: 'sigmoid' })], { seed: rng.int(1, 1e6) });
  model.build([null, 3]);
  await model.save(join(dir, 'model'));
  const timeouts = { headersMs: 600, requestMs: 1200, idleMs: 1500, keepAliveMs: 500 };
  const app = buildServer(await Predictor.load(join(dir, 'model')), { timeouts });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  try {
    const slack = 700; // Node checks the deadlines every limit/20; the loaded CI machine adds more
    const stalls = [
      // Headers started, never finished (slowloris).
      stall(port, 'POST /predict HTTP/1.1\r\nHost: x\r\nX-Slow: '),
      // Headers complete, a body of 1000 bytes promised, 10 sent.
      stall(
        port,
        'POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"inputs":',
      ),
      // Connected and silent.
      stall(port, ''),
    ];
    // Normal clients keep being answered while the stalled sockets are open.
    const x = Array.from(rng.floats(3, -1, 1));
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: x }),
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { prediction: { output: number[] } };
      const p = body.prediction.output[0]!;
      // An independent reference: sigmoid(x · kernel + bias) in float64.
      const [k, b] = model.getWeights();
      const z = x.reduce((s, v, j) => s + v * k!.data[j]!, 0) + b!.data[0]!;
      assert.ok(Math.abs(p - 1 / (1 + Math.exp(-z))) < 1e-5, `prediction ${p} (seed ${rng.seed})`);
    }
    const [headers, body, silent] = await Promise.all(stalls);
    assert.ok(headers!.ms < timeouts.headersMs + slack * 2, `unfinished headers kept ${headers!.ms} ms`);
    assert.ok(body!.ms < timeouts.requestMs + slack * 2, `missing body kept ${body!.ms} ms`);
    assert.ok(silent!.ms < timeouts.idleMs + slack * 2, `silent socket kept ${silent!.ms} ms`);

    const described = (await (await fetch(`http://127.0.0.1:${port}/model`)).json()) as { folder: string };
    assert.equal(described.folder, 'model');
    assert.ok(!JSON.stringify(described).includes(dir), '/model shows no server path');
  } finally {
    await app.close();
  }
});

test('a model whose Labels step has no classes (labels: null) is refused at load, not with a 500 per request', async () => {
  const { Pipeline } = await import('../../src/data/preprocessing/pipeline.js');
  const { Labels } = await import('../../src/data/preprocessing/labels.js');
  const { readFileSync, writeFileSync } = await import('node:fs');
  const dir = await mkdtemp(join(tmpdir(), 'seqlab-labels-'));
  const model = sequential([layers.dense({ units: 1, activation: 'sigmoid' })], { seed: rng.int(1, 1e6) });
  model.build([null, 3]);
  model.preprocessing = new Pipeline([['labels', new Labels({ column: 'y', classes: ['neg', 'pos'] })]]);
  await model.save(join(dir, 'model'));
  await Predictor.load(join(dir, 'model')); // as saved: fine
  const path = join(dir, 'model', 'model.json');
  const text = readFileSync(path, 'utf8');
  for (const classes of ['null', '["neg"]']) {
    writeFileSync(
      path,
      text
        .replace('"classes": [\n', '"classes": __X__[\n')
        .replace(/"classes": __X__\[[^\]]*\]/, `"classes": ${classes}`),
    );
    assert.match(readFileSync(path, 'utf8'), new RegExp(`"classes": ${classes.replace(/[[\]]/g, '\\$&')}`));
    await assert.rejects(Predictor.load(join(dir, 'model')), /Labels step has no classes/);
  }
});
