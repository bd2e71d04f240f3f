import TensorCore

/// What `dict-info` measures of convolution kernels `[M, C, S1, S2]` (channel-major, as a
/// kernels file holds them): norms, mutual coherence, each kernel's rotation symmetry
/// (`KernelSymmetry`) and orientation (`AtomShape`, power summed over channels), and the
/// medians of those measures next to the medians over seeded random unit kernels of the
/// same shape.
public struct KernelSummary: Sendable {
    /// The kernels' geometry.
    public let count: Int, channels: Int, height: Int, width: Int
    /// The smallest and largest kernel norm (l2 over C·S1·S2).
    public let smallestNorm: Double, largestNorm: Double
    /// max |⟨k_i, k_j⟩| / (‖k_i‖·‖k_j‖) over i ≠ j, the kernels unshifted.
    public let mutualCoherence: Double
    /// Each kernel's rotation correlations, in order.
    public let symmetries: [KernelSymmetry]
    /// Each kernel's shape measures (orientation share, dominant orientation, localisation in
    /// a window of half the shorter side, peak frequency), in order.
    public let shapes: [AtomShape]
    /// How many random kernels the baseline medians are over.
    public let randomCount: Int
    /// Medians over the kernels, then over the random baseline.
    public let medians: Medians, randomMedians: Medians

    /// Medians of the measures over a set of kernels.
    public struct Medians: Sendable {
        public let radialSymmetry: Double, quarterTurn: Double, halfTurn: Double, eighthTurn: Double
        public let orientationShare: Double, peakFrequency: Double

        init(symmetries: [KernelSymmetry], shapes: [AtomShape]) {
            radialSymmetry = AtomShape.median(symmetries.map(\.radialSymmetry))
            quarterTurn = AtomShape.median(symmetries.map(\.quarterTurn))
            halfTurn = AtomShape.median(symmetries.map(\.halfTurn))
            eighthTurn = AtomShape.median(symmetries.map(\.eighthTurn))
            orientationShare = AtomShape.median(shapes.map(\.orientationShare))
            peakFrequency = AtomShape.median(shapes.map(\.peakFrequency))
        }
    }

    /// The default number of random kernels of the baseline.
    public static let defaultRandomCount = 1000

    /// - Parameters:
    ///   - kernels: `[count, channels, height, width]`, finite.
    ///   - seed: the seed of the random baseline (Gaussian kernels scaled to unit norm).
    ///   - randomCount: how many random kernels; at least `count`, so that the baseline's
    ///     median is never noisier than the kernels'.
    /// - Precondition: count, channels, height, width ≥ 1 and the sizes agree.
    public init(kernels: [Float], count: Int, channels: Int, height: Int, width: Int, seed: UInt64,
                randomCount: Int = KernelSummary.defaultRandomCount) {
        let size = channels * height * width
        precondition(count >= 1 && size >= 1 && kernels.count == count * size,
                     "KernelSummary: \(kernels.count) values is not \(count) kernels of \(channels)x\(height)x\(width)")
        self.count = count
        self.channels = channels
        self.height = height
        self.width = width
        let norms = (0..<count).map { index in
            kernels[(index * size)..<((index + 1) * size)].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        }
        smallestNorm = norms.min()!
        largestNorm = norms.max()!
        mutualCoherence = SparseCoding.mutualCoherence(dictionary: kernels, atoms: count, features: size)
        (symmetries, shapes) = Self.measure(kernels, count: count, channels: channels, height: height, width: width)
        medians = Medians(symmetries: symmetries, shapes: shapes)
        self.randomCount = max(randomCount, count)
        let random = DictionarySummary.randomUnitAtoms(atoms: self.randomCount, features: size, seed: seed)
        let (randomSymmetries, randomShapes) = Self.measure(random, count: self.randomCount, channels: channels, height: height, width: width)
        randomMedians = Medians(symmetries: randomSymmetries, shapes: randomShapes)
    }

    /// Each kernel's symmetry and shape; the shapes on the kernels turned channel-last, the
    /// layout `atomShapes` takes.
    static func measure(_ kernels: [Float], count: Int, channels: Int, height: Int, width: Int) -> ([KernelSymmetry], [AtomShape]) {
        let size = channels * height * width
        let zero = KernelSymmetry(quarterTurn: 0, halfTurn: 0, eighthTurn: 0, centreY: 0, centreX: 0)
        var symmetries = [KernelSymmetry](repeating: zero, count: count)
        kernels.withUnsafeBufferPointer { all in
            symmetries.withUnsafeMutableBufferPointer { out in
                forEachRange(count, parts: processorCount) { range in
                    for index in range {
                        let kernel = UnsafeBufferPointer(rebasing: all[(index * size)..<((index + 1) * size)])
                        out[index] = kernelSymmetry(kernel, channels: channels, height: height, width: width)
                    }
                }
            }
        }
        let channelLast = channelLastLayout(kernels, count: count, channels: channels, height: height, width: width)
        let shapes = atomShapes(dictionary: channelLast, atoms: count, height: height, width: width, channels: channels)
        return (symmetries, shapes)
    }
}
