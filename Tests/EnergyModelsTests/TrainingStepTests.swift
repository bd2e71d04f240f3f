import Testing
import KernelSupport
import NeuralNetworks
import SparseCoding
import TensorCore
@testable import EnergyModels

/// The allocation-free training step against the general one (`persistentGradient` or
/// `contrastiveDivergenceGradient`, then `apply`, themselves tested against exact gradients):
/// the same parameters, chains and random numbers after several steps, bit for bit.
@Suite struct TrainingStepTests {
    /// Odd sizes (partial register tiles and panels, an odd number of draws per phase), grey
    /// levels, rows taken out of order.
    static let (visible, hidden, dataRows) = (37, 45, 50)

    static func data() -> [Float] {
        var generator = SeededGenerator(seed: 11)
        return (0..<(dataRows * visible)).map { _ in generator.below(3) == 0 ? Float(generator.unit()) : Float(generator.below(2)) }
    }

    static func batches(rows: Int) -> [ArraySlice<Int>] {
        var generator = SeededGenerator(seed: 12)
        var order = Array(0..<dataRows)
        generator.shuffle(&order)
        return [order[0..<rows], order[rows..<(2 * rows)], order[(2 * rows)..<(3 * rows)]]
    }

    @Test(arguments: [(rows: 7, chains: 7, steps: 1), (rows: 5, chains: 9, steps: 1), (rows: 4, chains: 3, steps: 3)])
    func persistentStepIsTheGeneralStep(rows: Int, chains particles: Int, steps: Int) throws {
        let data = Self.data()
        var fast = try randomRBM(visible: Self.visible, hidden: Self.hidden, scale: 0.3, seed: 13), general = fast
        var chainGenerator = SeededGenerator(seed: 14)
        var fastChains = try PersistentChains(hiddenStates: (0..<(particles * Self.hidden)).map { _ in Float(chainGenerator.below(2)) },
                                              count: particles, hidden: Self.hidden)
        var generalChains = fastChains
        var fastGenerator = SeededGenerator(seed: 15), generalGenerator = fastGenerator
        var step = RBMTrainingStep(rows: rows, negativeRows: particles, visible: Self.visible, hidden: Self.hidden)
        for indices in Self.batches(rows: rows) {
            step.persistent(&fast, data: data, indices: indices, chains: &fastChains, steps: steps, learningRate: 0.3,
                            generator: &fastGenerator)
            let batch = indices.flatMap { data[($0 * Self.visible)..<(($0 + 1) * Self.visible)] }
            general.apply(general.persistentGradient(batch, rows: rows, chains: &generalChains, steps: steps, generator: &generalGenerator),
                          learningRate: 0.3)
            #expect(fast == general)
            #expect(fastChains == generalChains)
        }
        #expect(fast != (try randomRBM(visible: Self.visible, hidden: Self.hidden, scale: 0.3, seed: 13)))
        #expect(fastGenerator.next() == generalGenerator.next())
    }

    @Test(arguments: [(rows: 7, steps: 1), (rows: 6, steps: 3)])
    func contrastiveDivergenceStepIsTheGeneralStep(rows: Int, steps: Int) throws {
        let data = Self.data()
        var fast = try randomRBM(visible: Self.visible, hidden: Self.hidden, scale: 0.3, seed: 16), general = fast
        var fastGenerator = SeededGenerator(seed: 17), generalGenerator = fastGenerator
        var step = RBMTrainingStep(rows: rows, negativeRows: rows, visible: Self.visible, hidden: Self.hidden)
        for indices in Self.batches(rows: rows) {
            step.contrastiveDivergence(&fast, data: data, indices: indices, steps: steps, learningRate: 0.3, generator: &fastGenerator)
            let batch = indices.flatMap { data[($0 * Self.visible)..<(($0 + 1) * Self.visible)] }
            general.apply(general.contrastiveDivergenceGradient(batch, rows: rows, steps: steps, generator: &generalGenerator),
                          learningRate: 0.3)
            #expect(fast == general)
        }
        #expect(fastGenerator.next() == generalGenerator.next())
    }

    /// Small steps take the allocation-free path; a step whose products the engine would split
    /// across threads does not, unless one thread is all there is; nor one with a depth past the
    /// unpacked product's (one block of 256).
    @Test func fastPathOnlyWhereOneThreadWouldRunIt() {
        #expect(RBMTrainingStep.handles(rows: 10, negativeRows: 10, visible: 64, hidden: 100, threads: nil))
        #expect(RBMTrainingStep.handles(rows: 100, negativeRows: 100, visible: 200, hidden: 250, threads: nil) == (processorCount == 1))
        #expect(!RBMTrainingStep.handles(rows: 100, negativeRows: 100, visible: 200, hidden: 250, threads: 2))
        #expect(RBMTrainingStep.handles(rows: 100, negativeRows: 100, visible: 200, hidden: 250, threads: 1))
        #expect(!RBMTrainingStep.handles(rows: 10, negativeRows: 10, visible: 784, hidden: 100, threads: 1))
        #expect(!RBMTrainingStep.handles(rows: 10, negativeRows: 10, visible: 64, hidden: 257, threads: 1))
        #expect(!RBMTrainingStep.handles(rows: 200, negativeRows: 57, visible: 8, hidden: 8, threads: 1))
    }

    /// The kernel paths' sigmoid (`KernelTable.sigmoidRows`, what the step uses) gives the bits
    /// of NeuralNetworks' `applySigmoid` on every path this processor runs: rows whose length
    /// leaves 0, 5 or 7 values past the last multiple of 8 (and 8 past one of 16), values from
    /// −120 to 120 (past e^x's clamp at −87.3), zeros.
    @Test(arguments: [5, 37, 64, 100, 24])
    func kernelSigmoidIsApplySigmoid(columns: Int) throws {
        var generator = SeededGenerator(seed: UInt64(columns))
        let rows = 6
        let bias = (0..<columns).map { _ in Float(4 * generator.gaussian()) }
        let x = (0..<(rows * columns)).map { i -> Float in
            i % 11 == 0 ? 0 : Float(generator.below(4) == 0 ? 120 * (2 * generator.unit() - 1) : 8 * generator.gaussian())
        }
        var expected = x
        applySigmoid(&expected, addingToEachRow: bias)
        #expect(expected.allSatisfy { $0 >= 0 && $0 <= 1 } && Set(expected).count > rows * columns / 2)
        for path in KernelPath.supported {
            var result = x
            result.withUnsafeMutableBufferPointer { r in
                bias.withUnsafeBufferPointer { b in
                    path.table.sigmoidRows(r.baseAddress!, rows: rows, addingToEachRow: b.baseAddress!, columns: columns)
                }
            }
            #expect(result.map(\.bitPattern) == expected.map(\.bitPattern), "path \(path)")
        }
    }

    /// The unpacked product the step uses gives the blocked product's bits on every path this
    /// processor runs: row-major and transposed A, column counts that leave every width of
    /// vector (16, 8, 4, 2) and a single column, row counts with and without a remainder of 4.
    @Test(arguments: [(rows: 20, depth: 64, columns: 100), (rows: 64, depth: 20, columns: 100), (rows: 64, depth: 100, columns: 10),
                      (rows: 7, depth: 256, columns: 31), (rows: 1, depth: 1, columns: 1)])
    func unpackedProductIsTheBlockedProduct(rows: Int, depth: Int, columns: Int) {
        var generator = SeededGenerator(seed: UInt64(rows * 1000 + columns))
        let a = (0..<(rows * depth)).map { _ in Float(generator.gaussian()) }
        let b = (0..<(depth * columns)).map { _ in Float(generator.gaussian()) }
        for path in KernelPath.supported {
            let table = path.table
            for transposedA in [false, true] {
                var packed = [Float](repeating: 0, count: table.packedCount(depth: depth, columns: columns))
                var expected = [Float](repeating: .nan, count: rows * columns), result = expected
                b.withUnsafeBufferPointer { b in
                    packed.withUnsafeMutableBufferPointer { p in
                        table.packRight(b.baseAddress!, depth: depth, columns: columns, stride: columns, transposed: false, into: p.baseAddress!)
                    }
                    a.withUnsafeBufferPointer { a in
                        packed.withUnsafeBufferPointer { p in
                            expected.withUnsafeMutableBufferPointer { c in
                                table.multiply(rows: rows, a.baseAddress!, lda: transposedA ? rows : depth, transposedA: transposedA,
                                               packed: p.baseAddress!, depth: depth, columns: columns, c.baseAddress!, ldc: columns,
                                               accumulate: false)
                            }
                        }
                        result.withUnsafeMutableBufferPointer { c in
                            table.multiplyUnpacked(rows: rows, a.baseAddress!, rowStride: transposedA ? 1 : depth,
                                                   depthStride: transposedA ? rows : 1, b.baseAddress!, ldb: columns, depth: depth,
                                                   columns: columns, c.baseAddress!, ldc: columns)
                        }
                    }
                }
                #expect(!expected.contains { $0.isNaN })
                #expect(result.map(\.bitPattern) == expected.map(\.bitPattern), "path \(path), transposed A \(transposedA)")
            }
        }
    }
}
