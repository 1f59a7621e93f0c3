// N-API glue of the fused recurrent sequence kernels (lstm.cc, gru.cc, simple_rnn.cc), one forward/backward
// pair for every kind, arguments read by name:
//   rnnSequenceForward(kind, directions)   directions: [{ args, out, saved }] (one, or two run at once)
//   rnnSequenceBackward(kind, directions)  directions: [{ args, saved, upstream, grads }]
// kind is 'lstm' | 'gru' | 'simpleRnn' (op_tables.h); the objects are src/backend/interface.ts's
// RnnForwardCall / RnnBackwardCall with their property names (RnnSequenceArgs: x, kernel, …, T, B, I, H).
// Every array's length is checked against T, B, I, H and the kind's gate count before any kernel runs.
#include <string>

#include "kernels.h"
#include "napi_helpers.h"
#include "threadpool.h"

namespace seqlab::napi {
namespace {

// One direction's arguments, checked, with what the other parts need to check theirs.
struct RnnCall {
  RnnArgs args{};
  RnnKind kind = RnnKind::Lstm;
  int64_t G = 1, bias_len = 0;
  bool lstm = false, gru = false;
};

// "(T, B, I, H) = (…)", for messages only.
std::string dims_of(const RnnArgs& a) {
  return "(T, B, I, H) = (" + std::to_string(a.T) + ", " + std::to_string(a.B) + ", " + std::to_string(a.I) + ", " +
         std::to_string(a.H) + ")";
}

RnnCall rnn_args(const Napi::Object& o, RnnKind kind, const char* K, const std::string& at) {
  const Napi::Env env = o.Env();
  RnnCall c;
  c.kind = kind;
  c.lstm = kind == RnnKind::Lstm;
  c.gru = kind == RnnKind::Gru;
  c.G = rnn_gates(kind);
  RnnArgs& a = c.args;
  const int64_t T = dim(o, "T", K, at), B = dim(o, "B", K, at), I = dim(o, "I", K, at), H = dim(o, "H", K, at);
  a.T = T, a.B = B, a.I = I, a.H = H;
  a.reverse = flag(o, "reverse");
  a.activation = op_arg<UnaryOp>(env, o.Get("activation"), kUnaryOpNames, K, "activation", at.c_str());
  a.recurrent_activation =
      op_arg<UnaryOp>(env, o.Get("recurrentActivation"), kUnaryOpNames, K, "recurrentActivation", at.c_str());
  a.reset_after = c.gru && flag(o, "resetAfter");
  a.x_batch_major = flag(o, "xBatchMajor");
  const int64_t GH = c.G * H;
  const auto dims = [&] { return dims_of(a); };
  const auto x = f32(o, "x", K, at), w = f32(o, "kernel", K, at), u = f32(o, "recurrentKernel", K, at);
  const auto bias = f32(o, "bias", K, at, true), h0 = f32(o, "h0", K, at), c0 = f32(o, "c0", K, at, !c.lstm);
  const auto mask = typed<uint8_t, napi_uint8_array>(env, o.Get("mask"), K, "mask", "Uint8Array", true, at.c_str());
  const auto im = f32(o, "inputDropoutMask", K, at, true), rm = f32(o, "recurrentDropoutMask", K, at, true);
  const auto ids = typed<int32_t, napi_int32_array>(env, o.Get("xIds"), K, "xIds", "Int32Array", true, at.c_str());
  if (ids.present) {
    // x is a (V, I) table read through the ids (B, T); an id outside it would read out of bounds.
    check_len(env, K, at, "xIds", ids.size, B * T, dims);
    if (I == 0 || x.size % I != 0) fail(env, std::string(K) + ": " + at + "x must be a (V, I) table with xIds, " + dims());
    const int64_t V = int64_t(x.size) / I;
    for (int64_t n = 0; n < ids.size; n++)
      if (ids.data[n] < 0 || ids.data[n] >= V)
        fail(env, std::string(K) + ": " + at + "xIds[" + std::to_string(n) + "] = " + std::to_string(ids.data[n]) +
                      " is outside the table's " + std::to_string(V) + " rows");
  } else {
    check_len(env, K, at, "x", x.size, T * B * I, dims);
  }
  check_len(env, K, at, "kernel", w.size, I * GH, dims);
  check_len(env, K, at, "recurrentKernel", u.size, H * GH, dims);
  c.bias_len = a.reset_after ? 2 * GH : GH;
  if (bias.present) check_len(env, K, at, "bias", bias.size, c.bias_len,
                          [&] { return dims() + (a.reset_after ? " with resetAfter" : ""); });
  check_len(env, K, at, "h0", h0.size, B * H, dims);
  if (c.lstm) check_len(env, K, at, "c0", c0.size, B * H, dims);
  if (mask.present) check_len(env, K, at, "mask", mask.size, T * B, dims);
  if (im.present) check_len(env, K, at, "inputDropoutMask", im.size, B * I, dims);
  if (rm.present) check_len(env, K, at, "recurrentDropoutMask", rm.size, B * H, dims);
  a.x = x.data, a.x_ids = ids.data, a.kernel = w.data, a.recurrent_kernel = u.data, a.bias = bias.data, a.h0 = h0.data;
  a.c0 = c.lstm ? c0.data : nullptr;
  a.mask = mask.data, a.input_dropout = im.data, a.recurrent_dropout = rm.data;
  return c;
}

// saved (RnnSaved): null in a forward is inference (nothing kept); backward requires it.
RnnSavedPtrs rnn_saved(const Napi::Value& v, const RnnCall& c, const char* K, const std::string& at, bool required) {
  const Napi::Env env = v.Env();
  RnnSavedPtrs s{};
  if (!required && (v.IsNull() || v.IsUndefined())) return s;
  const Napi::Object o = object_arg(env, v, K, at.substr(0, at.size() - 1));
  const RnnArgs& a = c.args;
  const auto dims = [&] { return dims_of(a); };
  const auto gates = f32(o, "gates", K, at), h = f32(o, "h", K, at);
  const int64_t TBH = a.T * a.B * a.H;
  // c (LSTM) and candidate (GRU) may be null only when empty (T·B·H = 0), like rnnSavedSizes gives them.
  const auto cs = f32(o, "c", K, at, !c.lstm || TBH == 0), cand = f32(o, "candidate", K, at, !c.gru || TBH == 0);
  check_len(env, K, at, "gates", gates.size, TBH * c.G, dims);
  check_len(env, K, at, "h", h.size, TBH, dims);
  if (c.lstm && cs.present) check_len(env, K, at, "c", cs.size, TBH, dims);
  if (c.gru && cand.present) check_len(env, K, at, "candidate", cand.size, TBH, dims);
  s.gates = gates.data, s.h = h.data, s.c = c.lstm ? cs.data : nullptr, s.candidate = c.gru ? cand.data : nullptr;
  return s;
}

struct ForwardCall {
  RnnCall c;
  RnnOutputs out;
  RnnSavedPtrs saved;
};

// { args, out, saved }: RnnForwardCall.
ForwardCall parse_forward(const Napi::Object& d, RnnKind kind, const char* K, const std::string& at) {
  const Napi::Env env = d.Env();
  ForwardCall f{rnn_args(object_arg(env, d.Get("args"), K, at + "args"), kind, K, at + "args."), {}, {}};
  const RnnCall& c = f.c;
  const RnnArgs& a = c.args;
  const auto dims = [&] { return dims_of(a); };
  const Napi::Object o = object_arg(env, d.Get("out"), K, at + "out");
  const std::string w = at + "out.";
  const auto y = f32(o, "y", K, w, true), hT = f32(o, "hT", K, w), cT = f32(o, "cT", K, w, !c.lstm);
  if (y.present) check_len(env, K, w, "y", y.size, a.T * a.B * a.H, dims);
  check_len(env, K, w, "hT", hT.size, a.B * a.H, dims);
  if (c.lstm) check_len(env, K, w, "cT", cT.size, a.B * a.H, dims);
  f.saved = rnn_saved(d.Get("saved"), c, K, at + "saved.", false);
  f.out = {y.data, hT.data, c.lstm ? cT.data : nullptr};
  return f;
}

struct BackwardCall {
  RnnCall c;
  RnnSavedPtrs saved;
  RnnUpstreamPtrs up;
  RnnGradPtrs g;
};

// { args, saved, upstream, grads }: RnnBackwardCall.
BackwardCall parse_backward(const Napi::Object& d, RnnKind kind, const char* K, const std::string& at) {
  const Napi::Env env = d.Env();
  BackwardCall b{rnn_args(object_arg(env, d.Get("args"), K, at + "args"), kind, K, at + "args."), {}, {}, {}};
  const RnnCall& c = b.c;
  const RnnArgs& a = c.args;
  b.saved = rnn_saved(d.Get("saved"), c, K, at + "saved.", true);
  const int64_t BH = a.B * a.H, GH = c.G * a.H;
  const auto dims = [&] { return dims_of(a); };
  const Napi::Object u = object_arg(env, d.Get("upstream"), K, at + "upstream");
  const std::string wu = at + "upstream.";
  const auto dY = f32(u, "dY", K, wu, true), dHT = f32(u, "dHT", K, wu, true), dCT = f32(u, "dCT", K, wu, true);
  if (dY.present) check_len(env, K, wu, "dY", dY.size, a.T * BH, dims);
  if (dHT.present) check_len(env, K, wu, "dHT", dHT.size, BH, dims);
  if (dCT.present) check_len(env, K, wu, "dCT", dCT.size, BH, dims);
  const Napi::Object g = object_arg(env, d.Get("grads"), K, at + "grads");
  const std::string wg = at + "grads.";
  const auto dX = f32(g, "dX", K, wg), dW = f32(g, "dKernel", K, wg), dU = f32(g, "dRecurrentKernel", K, wg);
  const auto dB = f32(g, "dBias", K, wg, !a.bias), dH0 = f32(g, "dH0", K, wg), dC0 = f32(g, "dC0", K, wg, !c.lstm);
  check_len(env, K, wg, "dX", dX.size, a.T * a.B * a.I, dims);
  check_len(env, K, wg, "dKernel", dW.size, a.I * GH, dims);
  check_len(env, K, wg, "dRecurrentKernel", dU.size, a.H * GH, dims);
  if (a.bias) check_len(env, K, wg, "dBias", dB.size, c.bias_len, dims);
  check_len(env, K, wg, "dH0", dH0.size, BH, dims);
  if (c.lstm) check_len(env, K, wg, "dC0", dC0.size, BH, dims);
  b.up = {dY.data, dHT.data, c.lstm ? dCT.data : nullptr};
  b.g = {dX.data, dW.data, dU.data, a.bias ? dB.data : nullptr, dH0.data, c.lstm ? dC0.data : nullptr};
  return b;
}

void run_forward(const ForwardCall& f) {
  switch (f.c.kind) {
    case RnnKind::Lstm: return lstm_sequence_forward(f.c.args, f.out, f.saved);
    case RnnKind::Gru: return gru_sequence_forward(f.c.args, f.out, f.saved);
    case RnnKind::SimpleRnn: return simple_rnn_sequence_forward(f.c.args, f.out, f.saved);
  }
}

void run_backward(const BackwardCall& b) {
  switch (b.c.kind) {
    case RnnKind::Lstm: return lstm_sequence_backward(b.c.args, b.saved, b.up, b.g);
    case RnnKind::Gru: return gru_sequence_backward(b.c.args, b.saved, b.up, b.g);
    case RnnKind::SimpleRnn: return simple_rnn_sequence_backward(b.c.args, b.saved, b.up, b.g);
  }
}

// Parses (kind, directions) and runs the kernels: one direction on the calling thread (the kernel splits
// its own work over the pool), two at once, one per pool thread (each kernel then runs serially in its part).
template <typename Call>
void run_directions(const Napi::CallbackInfo& info, const char* method,
                    Call (*parse)(const Napi::Object&, RnnKind, const char*, const std::string&),
                    void (*run)(const Call&)) {
  const Napi::Env env = info.Env();
  const RnnKind kind = op_arg<RnnKind>(env, info[0], kRnnKindNames, method, "recurrent kind");
  const std::string K = std::string(method) + "(" + kRnnKindNames[int(kind)] + ")";
  if (!info[1].IsArray()) {
    fail_type(env, K + ": directions must be an array of one or two calls (the compiled JavaScript and the native "
                       "addon may come from different versions; run `npm run build`)");
  }
  const Napi::Array dirs = info[1].As<Napi::Array>();
  const uint32_t n = dirs.Length();
  if (n != 1 && n != 2) fail(env, K + ": directions must hold one or two calls, got " + std::to_string(n));
  if (n == 1) {
    run(parse(object_arg(env, dirs.Get(0u), K.c_str(), "directions[0]"), kind, K.c_str(), ""));
    return;
  }
  const Call calls[2] = {
      parse(object_arg(env, dirs.Get(0u), K.c_str(), "directions[0]"), kind, K.c_str(), "directions[0]."),
      parse(object_arg(env, dirs.Get(1u), K.c_str(), "directions[1]"), kind, K.c_str(), "directions[1].")};
  parallel_run(2, [&](int d) { run(calls[d]); });
}

Napi::Value RnnForward(const Napi::CallbackInfo& info) {
  run_directions<ForwardCall>(info, "rnnSequenceForward", parse_forward, run_forward);
  return info.Env().Undefined();
}

Napi::Value RnnBackward(const Napi::CallbackInfo& info) {
  run_directions<BackwardCall>(info, "rnnSequenceBackward", parse_backward, run_backward);
  return info.Env().Undefined();
}

}  // namespace

void register_rnn(Napi::Env env, Napi::Object exports) {
  exports.Set("rnnSequenceForward", Napi::Function::New(env, RnnForward, "rnnSequenceForward"));
  exports.Set("rnnSequenceBackward", Napi::Function::New(env, RnnBackward, "rnnSequenceBackward"));
}

}  // namespace seqlab::napi
