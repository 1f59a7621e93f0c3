{
  # The seqlab native addon. Only the AVX2 kernels (gemm_avx2.cc, rnn_avx2.cc: -mavx2 -mfma) and the
  # AVX-512 ones (gemm_avx512.cc, rnn_avx512.cc: -mavx512f) get instruction-set flags, each set a static
  # library of its own since gyp has no per-file flags; everything else targets the baseline ISA and
  # cpu.cc picks the kernel at run time. Never -march=native: the .node file must run on any x86-64.
  "target_defaults": {
    "cflags!": ["-fno-exceptions", "-O2", "-O0"],
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++1y", "-std=gnu++14", "-O2", "-O0"],
    "cflags": ["-O3", "-fno-math-errno", "-falign-functions=64", "-falign-loops=32", "-Wall", "-Wextra", "-Wno-unused-parameter"],
    "cflags_cc": ["-std=c++17", "-O3"],
    "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
    "xcode_settings": {
      "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
      "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
      "OTHER_CFLAGS": ["-O3"]
    },
    "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1 } }
  },
  "targets": [
    {
      "target_name": "seqlab_avx2",
      "type": "static_library",
      "sources": ["src/gemm_avx2.cc", "src/rnn_avx2.cc"],
      "conditions": [
        ["target_arch=='x64' or target_arch=='ia32'", {
          "cflags": ["-mavx2", "-mfma", "-fPIC"],
          "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-mavx2", "-mfma"] },
          "msvs_settings": { "VCCLCompilerTool": { "EnableEnhancedInstructionSet": "5" } }
        }]
      ]
    },
    {
      "target_name": "seqlab_avx512",
      "type": "static_library",
      "sources": ["src/gemm_avx512.cc", "src/rnn_avx512.cc"],
      "conditions": [
        ["target_arch=='x64'", {
          "cflags": ["-mavx512f", "-mavx2", "-mfma", "-fPIC"],
          "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-mavx512f", "-mavx2", "-mfma"] },
          "msvs_settings": { "VCCLCompilerTool": { "EnableEnhancedInstructionSet": "7" } }
        }]
      ]
    },
    {
      "target_name": "seqlab_native",
      "dependencies": ["seqlab_avx2", "seqlab_avx512"],
      "sources": [
        "src/addon.cc",
        "src/addon_tensor_ops.cc",
        "src/addon_optimizers.cc",
        "src/addon_rnn.cc",
        "src/napi_helpers.cc",
        "src/cpu.cc",
        "src/isa_fallback.cc",
        "src/threadpool.cc",
        "src/gemm.cc",
        "src/elementwise.cc",
        "src/embedding.cc",
        "src/optimizers.cc",
        "src/rnn_common.cc",
        "src/lstm.cc",
        "src/gru.cc",
        "src/simple_rnn.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "libraries": ["-lpthread"]
    }
  ]
}
