import TensorCore

/// A convolutional dictionary: `count` kernels of `channels × height × width` values,
/// `values[((m · channels + c) · height + i) · width + j]` = K_m[c, i, j] (the stream layout
/// `[M, C, S1, S2]`). Kernels are used with their origin at (0, 0):
/// (K * Z)[y, x] = Σ_{i,j} K[i, j] · Z[(y − i) mod H, (x − j) mod W].
public struct ConvolutionKernels: Sendable, Equatable {
    /// M, the number of kernels (and of feature maps).
    public let count: Int
    /// C, the channels of the images they code (1 grey or 3 colour).
    public let channels: Int
    /// S1, the rows of each kernel's support.
    public let height: Int
    /// S2, the columns of each kernel's support.
    public let width: Int
    /// `count · channels · height · width` values.
    public let values: [Float]

    /// Values in one kernel (all its channels).
    public var kernelSize: Int { channels * height * width }

    /// Kernels holding `values`, checked: positive sizes, the right number of finite values.
    public init(count: Int, channels: Int, height: Int, width: Int, values: [Float]) throws(ConvolutionalCodingError) {
        guard count >= 1, channels >= 1, height >= 1, width >= 1 else {
            throw ConvolutionalCodingError("kernels of \(count)x\(channels)x\(height)x\(width): every size must be at least 1")
        }
        guard values.count == count * channels * height * width else {
            throw ConvolutionalCodingError("kernels of \(count)x\(channels)x\(height)x\(width) need \(count * channels * height * width) values, not \(values.count)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ConvolutionalCodingError("kernel \(bad / (channels * height * width)) holds NaN or infinity")
        }
        self.count = count
        self.channels = channels
        self.height = height
        self.width = width
        self.values = values
    }

    /// The values of kernel `m` (all channels).
    public func kernel(_ m: Int) -> ArraySlice<Float> {
        values[(m * kernelSize)..<((m + 1) * kernelSize)]
    }

    /// The l2 norm of each kernel over its channels and support.
    public var norms: [Double] {
        (0..<count).map { m in kernel(m).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
    }

    /// Whether every kernel has unit l2 norm within `tolerance`.
    public func isUnitNorm(tolerance: Double = 1e-3) -> Bool {
        norms.allSatisfy { abs($0 - 1) <= tolerance }
    }

    /// The kernels scaled to unit l2 norm; fails naming the first kernel that is zero.
    public func normalized() throws(ConvolutionalCodingError) -> ConvolutionKernels {
        let norms = self.norms
        if let zero = norms.firstIndex(where: { !($0 > 1e-20) }) {
            throw ConvolutionalCodingError("kernel \(zero) is zero; kernels must be non-zero to be normalised")
        }
        var scaled = values
        for m in 0..<count {
            let scale = Float(1 / norms[m])
            for k in (m * kernelSize)..<((m + 1) * kernelSize) { scaled[k] *= scale }
        }
        return try ConvolutionKernels(count: count, channels: channels, height: height, width: width, values: scaled)
    }

    /// `count` unit-norm kernels of independent Gaussian values from `seed` (same seed, same kernels).
    public static func random(count: Int, channels: Int, height: Int, width: Int, seed: UInt64) throws(ConvolutionalCodingError) -> ConvolutionKernels {
        var generator = SeededGenerator(seed: seed)
        let total = max(0, count * channels * height * width)
        let values = (0..<total).map { _ in Float(generator.gaussian()) }
        return try ConvolutionKernels(count: count, channels: channels, height: height, width: width, values: values).normalized()
    }

    /// `count` unit-norm kernels cut from `images` at places drawn from `seed`, each patch's mean
    /// removed per channel (so the kernels start as image structure, not as its brightness).
    /// Falls back to a Gaussian value for a patch that is flat. The images must have `channels`
    /// planes and be at least `height × width`.
    public static func patches(of images: [PlaneStack], count: Int, height: Int, width: Int, seed: UInt64) throws(ConvolutionalCodingError) -> ConvolutionKernels {
        guard let first = images.first else { throw ConvolutionalCodingError("no images to take kernels from") }
        let channels = first.planes
        guard images.allSatisfy({ $0.planes == channels && $0.height >= height && $0.width >= width }) else {
            throw ConvolutionalCodingError("the images must all have \(channels) channels and be at least \(height)x\(width) to take \(height)x\(width) kernels from them")
        }
        var generator = SeededGenerator(seed: seed)
        var values = [Float]()
        values.reserveCapacity(count * channels * height * width)
        for _ in 0..<count {
            let image = images[generator.below(images.count)]
            let top = generator.below(image.height - height + 1)
            let left = generator.below(image.width - width + 1)
            for c in 0..<channels {
                var patch = [Float]()
                for i in 0..<height {
                    let row = (c * image.height + top + i) * image.width + left
                    patch.append(contentsOf: image.values[row..<(row + width)])
                }
                let mean = patch.reduce(0, +) / Float(patch.count)
                values.append(contentsOf: patch.map { $0 - mean + Float(generator.gaussian()) * 1e-3 })
            }
        }
        return try ConvolutionKernels(count: count, channels: channels, height: height, width: width, values: values).normalized()
    }
}
