/** Interoperability: ONNX export, Keras and PyTorch weight import. */
export { exportOnnx, toOnnx, OnnxExportError, ONNX_OPSET } from './onnx/export.js';
export { loadKerasModel, KerasImportError } from './keras/load.js';
export { importTorchStateDict, TorchImportError } from './torch/import.js';
