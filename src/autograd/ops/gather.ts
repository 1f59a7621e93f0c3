import { getBackend } from '../../backend/select.js';
import { DTypeError } from '../../errors.js';
import { record, type SparseRows } from '../tape.js';
import { assertShape, formatShape, requireFloat, Tensor } from '../tensor.js';
import { newFloats, uninitializedFloats } from './broadcast.js';

/**
 * Rows of a (V, E) table picked by int32 ids of any shape: output ids.shape + [E]. The table's
 * gradient is sparse: only the rows that were looked up, so its cost does not depend on V.
 *
 * @example
 * gather(embeddings, ids) // (20000, 128) table, (64, 100) ids → (64, 100, 128)
 */
export function gather(table: Tensor, ids: Tensor): Tensor {
  const tableData = requireFloat('gather', table);
  if (ids.dtype !== 'int32') {
    throw new DTypeError(
      `gather: ids must be an int32 tensor, got ${ids.dtype} of shape ${formatShape(ids.shape)}`,
    );
  }
  assertShape('gather', table.rank === 2, `table must be (V, E), got ${formatShape(table.shape)}`);
  const [V, E] = table.shape as [number, number];
  const idData = ids.data as Int32Array;
  const out = uninitializedFloats(tableData, idData.length * E); // every row is written
  getBackend().embeddingForward(tableData, V, E, idData, out);
  return record('gather', new Tensor(out, [...ids.shape, E]), [table], (dOut) => {
    // Map each position to the slot of its unique id, then let the backend scatter-add rows.
    const slotOf = new Map<number, number>();
    const slot = new Int32Array(idData.length);
    for (let n = 0; n < idData.length; n++) {
      const id = idData[n]!;
      let s = slotOf.get(id);
      if (s === undefined) {
        s = slotOf.size;
        slotOf.set(id, s);
      }
      slot[n] = s;
    }
    const rows = Int32Array.from(slotOf.keys());
    const values = newFloats(dOut, rows.length * E);
    getBackend().embeddingBackward(dOut, slot, E, values);
    const grad: SparseRows = { kind: 'rows', rows, values, width: E };
    return [grad];
  });
}
