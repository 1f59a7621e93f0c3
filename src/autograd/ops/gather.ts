import { getBackend } from '../../backend/select.js';
import { DTypeError } from '../../errors.js';
import { record, type SparseRows } from '../tape.js';
import { assertShape, formatShape, requireFloat, Tensor } from '../tensor.js';
import { uninitializedFloats } from './broadcast.js';

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
    // Row n of dOut is the gradient of table row ids[n]; repeated ids are summed by whoever reads the
    // sparse gradient (the optimizer's scatter, densify), so dOut is passed on as it is: no copy, no
    // reduction. The ids are copied: the caller may reuse its array before the optimizer runs.
    const grad: SparseRows = { kind: 'rows', rows: idData.slice(), values: dOut, width: E };
    return [grad];
  });
}
