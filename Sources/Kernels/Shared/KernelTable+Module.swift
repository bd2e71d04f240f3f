// This module's table: the same file in every kernel module, each compiled for its own path.

import KernelSupport

#if KERNELS_AVX512
private let kernelPath = KernelPath.avx512
#elseif KERNELS_FMA
private let kernelPath = KernelPath.avx2
#else
private let kernelPath = KernelPath.portable
#endif

/// The kernels of this module's path, for the engine's dispatch.
public let kernelTable = KernelTable(
    path: kernelPath, tileRows: microRows, panelWidth: microColumns,
    product: { multiply(rows: $0, $1, lda: $2, transposedA: $3, packed: $4, depth: $5, columns: $6, $7, ldc: $8, accumulate: $9) },
    packing: { packRight($0, depth: $1, columns: $2, stride: $3, transposed: $4, into: $5) },
    homotopy: { homotopyRow(c: $0, gram: $1, z: $2, r: $3, support: $4, atoms: $5, lambda: $6, positive: $7, maxSteps: $8, steps: &$9, $10) },
    coordinateDescent: {
        coordinateDescentRow(c: $0, gram: $1, steps: $2, thresholds: $3, z: $4, r: $5, support: $6, supportSize: $7,
                             atoms: $8, lambda: $9, tolerance2: $10, positive: $11, maxPasses: $12, $13)
    },
    correlations: { residualCorrelations($0, c: $1, z: $2, support: $3, supportSize: $4, gram: $5, atoms: $6) },
    axpy: { addScaled($0, $1, $2, count: $3) },
    greedyMove: { largestMove(z: $0, r: $1, steps: $2, thresholds: $3, atoms: $4, positive: $5) },
    greedyMoveAfterUpdate: {
        largestMoveAfterAddingScaled($0, $1, to: $2, z: $3, steps: $4, thresholds: $5, atoms: $6, positive: $7)
    },
    proximal: { proximalStep(x: $0, gradient: $1, offset: $2, z: $3, count: $4, step: $5, threshold: $6, positive: $7) },
    extrapolation: { extrapolate(x: $0, next: $1, z: $2, count: $3, beta: $4) },
    combination: { subtractCombination(of: $0, weights: $1, count: $2, length: $3, from: $4, into: $5) },
    adam: { adamUpdate(parameters: $0, gradient: $1, first: $2, second: $3, count: $4, rates: $5) },
    sigmoid: { sigmoidRows($0, rows: $1, bias: $2, columns: $3) },
    unpackedProduct: {
        unpackedProduct(rows: $0, $1, rowStride: $2, depthStride: $3, $4, ldb: $5, depth: $6, columns: $7, $8, ldc: $9)
    },
    pursuitStep: {
        pursuitStep(gramRow: $0, basis: $1, weights: $2, count: $3, inversePivot: $4, projection: $5, alpha: $6, norms: $7,
                    floors: $8, atoms: $9, orderRecursive: $10)
    })
