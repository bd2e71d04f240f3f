#ifndef LATENTPIPE_CPU_FEATURES_H
#define LATENTPIPE_CPU_FEATURES_H

/// 1 when this processor can run the engine's kernels (compiled for Haswell: AVX2 and FMA),
/// 0 when it cannot. Always 1 on processors the engine is not compiled for x86-64 on.
/// LATENTPIPE_PRETEND_NO_AVX2=1 in the environment makes it 0, so that tests can check on any
/// machine which programs refuse to run without the features (engine_guard.c).
int latentpipe_cpu_has_engine_features(void);

#endif
