/**
 * importTorchStateDict on a safetensors state dict with nn.Embedding / 2-level nn.LSTM /
 * bidirectional nn.GRU / nn.Linear names and shapes, built here from random weights (PyTorch is not
 * installed on the development machines), checked against PyTorch's equations written in float64.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Tensor } from '../../src/autograd/tensor.js';
import { layers } from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { encodeSafetensors, type NamedArray } from '../../src/model/safetensors.js';
import { importTorchStateDict, TorchImportError } from '../../src/interop/torch/import.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seqlab-torch-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const V = 12,
  E = 4,
  H1 = 5,
  H2 = 3,
  OUT = 2,
  T = 6;
const sig = (x: number): number => 1 / (1 + Math.exp(-x));

/** y = W x (+ b) with W (rows, cols) row-major. */
function affine(W: NamedArray, x: number[], b?: NamedArray, row0 = 0, rows = W.shape[0]!): number[] {
  const cols = W.shape[1]!;
  return Array.from({ length: rows }, (_, r) => {
    let s = b ? b.data[row0 + r]! : 0;
    for (let c = 0; c < cols; c++) s += W.data[(row0 + r) * cols + c]! * x[c]!;
    return s;
  });
}

/** PyTorch nn.LSTM over a sequence (one direction): gates i, f, g, o. */
function torchLstm(sd: Map<string, NamedArray>, p: string, xs: number[][], H: number): number[][] {
  let h = new Array<number>(H).fill(0);
  let c = new Array<number>(H).fill(0);
  return xs.map((x) => {
    const a = affine(sd.get(`${p}_ih`)!, x, sd.get(`${p}_bih`));
    const b = affine(sd.get(`${p}_hh`)!, h, sd.get(`${p}_bhh`));
    const z = a.map((v, k) => v + b[k]!);
    const [i, f, g, o] = [0, 1, 2, 3].map((q) => z.slice(q * H, (q + 1) * H));
    c = c.map((cv, k) => sig(f[k]!) * cv + sig(i[k]!) * Math.tanh(g[k]!));
    h = c.map((cv, k) => sig(o[k]!) * Math.tanh(cv));
    return h;
  });
}

/** PyTorch nn.GRU (one direction): r, z, n with n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)). */
function torchGru(sd: Map<string, NamedArray>, p: string, xs: number[][], H: number): number[] {
  let h = new Array<number>(H).fill(0);
  for (const x of xs) {
    const a = affine(sd.get(`${p}_ih`)!, x, sd.get(`${p}_bih`));
    const b = affine(sd.get(`${p}_hh`)!, h, sd.get(`${p}_bhh`));
    const r = a.slice(0, H).map((v, k) => sig(v + b[k]!));
    const z = a.slice(H, 2 * H).map((v, k) => sig(v + b[H + k]!));
    const n = a.slice(2 * H).map((v, k) => Math.tanh(v + r[k]! * b[2 * H + k]!));
    h = h.map((hv, k) => (1 - z[k]!) * n[k]! + z[k]! * hv);
  }
  return h;
}

function randomTensor(shape: number[]): NamedArray {
  return {
    data: rng.floats(
      shape.reduce((a, b) => a * b, 1),
      -0.5,
      0.5,
    ),
    shape,
  };
}

describe('importTorchStateDict', () => {
  // The state dict, named as PyTorch names it, keys sorted as Python's safetensors writes them.
  const named: [string, number[]][] = [
    ['embedding.weight', [V, E]],
    ['fc.bias', [OUT]],
    ['fc.weight', [OUT, 2 * H2]],
    ['gru.bias_hh_l0', [3 * H2]],
    ['gru.bias_hh_l0_reverse', [3 * H2]],
    ['gru.bias_ih_l0', [3 * H2]],
    ['gru.bias_ih_l0_reverse', [3 * H2]],
    ['gru.weight_hh_l0', [3 * H2, H2]],
    ['gru.weight_hh_l0_reverse', [3 * H2, H2]],
    ['gru.weight_ih_l0', [3 * H2, H1]],
    ['gru.weight_ih_l0_reverse', [3 * H2, H1]],
    ['lstm.bias_hh_l0', [4 * H1]],
    ['lstm.bias_hh_l1', [4 * H1]],
    ['lstm.bias_ih_l0', [4 * H1]],
    ['lstm.bias_ih_l1', [4 * H1]],
    ['lstm.weight_hh_l0', [4 * H1, H1]],
    ['lstm.weight_hh_l1', [4 * H1, H1]],
    ['lstm.weight_ih_l0', [4 * H1, E]],
    ['lstm.weight_ih_l1', [4 * H1, H1]],
  ];
  const sd = new Map(named.map(([k, s]) => [k, randomTensor(s)]));
  let path = '';
  before(async () => {
    path = join(dir, 'net.safetensors');
    await writeFile(path, encodeSafetensors(sd, { format: 'pt' }));
  });

  /** Short aliases for the reference equations. */
  function alias(p: string, level: string): Map<string, NamedArray> {
    const m = new Map<string, NamedArray>();
    for (const [a, b] of [
      ['ih', 'weight_ih'],
      ['hh', 'weight_hh'],
      ['bih', 'bias_ih'],
      ['bhh', 'bias_hh'],
    ])
      m.set(`${p}_${a}`, sd.get(`${p}.${b}_${level}`)!);
    return m;
  }

  it('Embedding → 2-level LSTM → bidirectional GRU → Linear matches the float64 PyTorch equations', async () => {
    const model = sequential([
      layers.embedding({ inputDim: V, outputDim: E }),
      layers.lstm({ units: H1, returnSequences: true }),
      layers.lstm({ units: H1, returnSequences: true }),
      layers.bidirectional({ layer: layers.gru({ units: H2, resetAfter: true }) }),
      layers.dense({ units: OUT }),
    ]);
    model.build([null, T]);
    const assigned = await importTorchStateDict(path, model);
    assert.deepEqual(
      assigned.map((a) => a.from),
      ['embedding', 'lstm@0', 'lstm@1', 'gru@0', 'fc'],
    );

    const B = 3;
    const ids = rng.ints(B * T, 0, V);
    const got = model.predict(new Tensor(Float32Array.from(ids), [B, T]));
    const emb = sd.get('embedding.weight')!;
    for (let b = 0; b < B; b++) {
      const xs = Array.from({ length: T }, (_, t) =>
        Array.from(emb.data.subarray(ids[b * T + t]! * E, (ids[b * T + t]! + 1) * E)),
      );
      const l0 = torchLstm(alias('lstm', 'l0'), 'lstm', xs, H1);
      const l1 = torchLstm(alias('lstm', 'l1'), 'lstm', l0, H1);
      const fwd = torchGru(alias('gru', 'l0'), 'gru', l1, H2);
      const bwd = torchGru(alias('gru', 'l0_reverse'), 'gru', [...l1].reverse(), H2);
      const y = affine(sd.get('fc.weight')!, [...fwd, ...bwd], sd.get('fc.bias'));
      y.forEach((v, k) =>
        assert.ok(
          Math.abs(got.data[b * OUT + k]! - v) < 1e-5,
          `sample ${b} output ${k}: ${got.data[b * OUT + k]} vs ${v} (seed ${rng.seed})`,
        ),
      );
    }
  });

  it('explicit mapping, and clear errors when nothing fits', async () => {
    const model = sequential([layers.lstm({ units: H1 })]);
    model.build([null, T, H1]);
    assert.deepEqual(
      await importTorchStateDict(path, model, { mapping: { [model.layers[0]!.name]: 'lstm@1' } }),
      [{ layer: model.layers[0]!.name, from: 'lstm@1' }],
    );
    const gruBefore = sequential([layers.gru({ units: H2, resetAfter: false })]);
    gruBefore.build([null, T, H1]);
    await assert.rejects(importTorchStateDict(path, gruBefore), /use resetAfter: true/);
    const wrong = sequential([layers.dense({ units: 7 })]);
    wrong.build([null, 3]);
    await assert.rejects(
      importTorchStateDict(path, wrong),
      (e: Error) =>
        e instanceof TorchImportError &&
        /no tensors fit layer .* unused modules: embedding \[12, 4\]/.test(e.message),
    );
  });
});
