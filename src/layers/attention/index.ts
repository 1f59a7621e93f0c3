export { AttentionPooling, attentionPooling, type AttentionPoolingConfig } from './attention-pooling.js';
export { Attention, attention, type AttentionConfig, type AttentionMasks } from './attention.js';
