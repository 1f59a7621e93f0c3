export { RecurrentLayer, type RecurrentConfig, type RecurrentWeights } from './rnn-base.js';
export { LSTM, lstm, type LSTMConfig } from './lstm.js';
export { GRU, gru, type GRUConfig } from './gru.js';
export { SimpleRNN, simpleRnn, type SimpleRNNConfig } from './simple-rnn.js';
export {
  Bidirectional,
  bidirectional,
  type BidirectionalConfig,
  type MergeMode,
  type SerializedRecurrentLayer,
} from './bidirectional.js';
