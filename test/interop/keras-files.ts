/**
 * Writes Keras files by hand, following Keras's documented layouts, from a seqlab model's weights:
 * a Keras 3 `.keras` archive (config.json + metadata.json + model.weights.h5 with
 * layers/<snake_class>[_n]/[cell/]vars/<i>) and a legacy Keras 2 `.h5` (model_config attribute,
 * model_weights/<layer>/<weight_name> datasets listed by a weight_names attribute).
 */
import { writeFile, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { storedZip } from '../helpers/zip.js';
import type { Tensor } from '../../src/autograd/tensor.js';

type Group = InstanceType<typeof h5wasm.Group>;

function groupAt(root: Group, path: string): Group {
  let g = root;
  for (const part of path.split('/').filter(Boolean))
    g = (g.get(part) as Group | null) ?? g.create_group(part);
  return g;
}

function dataset(root: Group, path: string, t: Tensor): void {
  const parts = path.split('/');
  groupAt(root, parts.slice(0, -1).join('/')).create_dataset({
    name: parts.at(-1)!,
    data: Float32Array.from(t.data),
    shape: t.shape,
    dtype: '<f',
  });
}

/** Writes an HDF5 file through a callback and returns its bytes. */
export async function h5Bytes(fill: (file: Group) => void): Promise<Buffer> {
  await h5wasm.ready;
  const dir = await mkdtemp(join(tmpdir(), 'seqlab-h5-'));
  const path = join(dir, 'f.h5');
  const file = new h5wasm.File(path, 'w');
  try {
    fill(file);
  } finally {
    file.close();
  }
  const bytes = await readFile(path);
  await rm(dir, { recursive: true, force: true });
  return bytes;
}

/** Layer entry for a Keras 3 config.json. */
export function k3Layer(className: string, config: Record<string, unknown>): Record<string, unknown> {
  return {
    module: 'keras.layers',
    class_name: className,
    config: {
      trainable: true,
      dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } },
      ...config,
    },
    registered_name: null,
  };
}

/** A Keras 3 `.keras` archive: `vars` maps a weights path (layers/lstm/cell) to its tensors. */
export async function writeKeras3(
  path: string,
  layers: Record<string, unknown>[],
  inputShape: (number | null)[],
  vars: [string, Tensor[]][],
): Promise<void> {
  const config = {
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: 'sequential',
      trainable: true,
      layers: [k3Layer('InputLayer', { batch_shape: [null, ...inputShape], name: 'input_layer' }), ...layers],
    },
    registered_name: null,
    build_config: { input_shape: [null, ...inputShape] },
  };
  const weights = await h5Bytes((f) => {
    for (const [p, ts] of vars) ts.forEach((t, i) => dataset(f, `${p}/vars/${i}`, t));
  });
  const meta = { keras_version: '3.5.0', date_saved: '2024-09-01@00:00:00' };
  await writeFile(
    path,
    storedZip([
      ['metadata.json', Buffer.from(JSON.stringify(meta))],
      ['config.json', Buffer.from(JSON.stringify(config))],
      ['model.weights.h5', weights],
    ]),
  );
}

/** A Keras 2 `.h5`: `weights` maps a layer name to [weight_name, tensor] pairs in get_weights() order. */
export async function writeKeras2(
  path: string,
  modelConfig: unknown,
  weights: [string, [string, Tensor][]][],
): Promise<void> {
  const bytes = await h5Bytes((f) => {
    f.create_attribute('model_config', JSON.stringify(modelConfig));
    f.create_attribute('keras_version', '2.10.0');
    f.create_attribute('backend', 'tensorflow');
    const mw = f.create_group('model_weights');
    mw.create_attribute(
      'layer_names',
      weights.map(([n]) => n),
    );
    for (const [layer, list] of weights) {
      const g = groupAt(mw, layer);
      if (list.length)
        g.create_attribute(
          'weight_names',
          list.map(([n]) => n),
        );
      for (const [name, t] of list) dataset(g, name, t);
    }
  });
  await writeFile(path, bytes);
}
