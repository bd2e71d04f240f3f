// PIRL's memory bank: one slowly moving unit vector per training image.
import TensorCore

/// One unit-length entry per training image, moved towards the image's newest projection
/// after each batch (PIRL, Misra & van der Maaten 2020):
///
///     mᵢ ← normalise(μ·mᵢ + (1 − μ)·normalise(zᵢ,A + zᵢ,B))
///
/// zᵢ,A and zᵢ,B the unit projections of image i's two views, μ the momentum. Entries start as
/// seeded random unit vectors.
public struct MemoryBank: Sendable, Equatable {
    /// The entries `[images, dimension]`, each of unit length.
    public private(set) var entries: [Float]
    /// The width of an entry.
    public let dimension: Int
    /// μ in [0, 1): the weight the old entry keeps.
    public let momentum: Float

    /// A bank of `images` random unit entries.
    public init(images: Int, dimension: Int, momentum: Float, generator: inout SeededGenerator) {
        precondition(images >= 1 && dimension >= 1 && momentum >= 0 && momentum < 1, "MemoryBank: bad sizes or momentum")
        self.dimension = dimension
        self.momentum = momentum
        entries = randomUnitRows(count: images, dimension: dimension, generator: &generator)
    }

    /// The number of entries (training images).
    public var count: Int { entries.count / dimension }

    /// `wanted` entries (as many as there are when fewer) of images not in `batch`, drawn
    /// without replacement: the rows `[n, dimension]`.
    public func negatives(_ wanted: Int, excluding batch: [Int], generator: inout SeededGenerator) -> [Float] {
        var inBatch = [Bool](repeating: false, count: count)
        for image in batch { inBatch[image] = true }
        var candidates = (0..<count).filter { !inBatch[$0] }
        let n = min(wanted, candidates.count)
        var rows = [Float]()
        rows.reserveCapacity(n * dimension)
        for i in 0..<n {
            let j = i + generator.below(candidates.count - i)
            candidates.swapAt(i, j)
            rows += entries[(candidates[i] * dimension)..<((candidates[i] + 1) * dimension)]
        }
        return rows
    }

    /// The entries of `batch`'s images, each twice (rows 2i and 2i+1 for image `batch[i]`):
    /// the positives of its two views.
    public func positives(for batch: [Int]) -> [Float] {
        var rows = [Float]()
        rows.reserveCapacity(2 * batch.count * dimension)
        for image in batch {
            let entry = entries[(image * dimension)..<((image + 1) * dimension)]
            rows += entry
            rows += entry
        }
        return rows
    }

    /// Moves the entries of `batch`'s images (image `batch[i]`'s views at rows 2i, 2i+1 of
    /// `projections`, unit length) as the type's formula says.
    public mutating func update(batch: [Int], projections: [Float]) {
        precondition(projections.count == 2 * batch.count * dimension, "MemoryBank.update: projections do not match the batch")
        for (i, image) in batch.enumerated() {
            var mean = ArraySlice((0..<dimension).map { projections[2 * i * dimension + $0] + projections[(2 * i + 1) * dimension + $0] })
            normalizeInPlace(&mean)
            let base = image * dimension
            var entry = entries[base..<(base + dimension)]
            for j in 0..<dimension { entry[base + j] = momentum * entry[base + j] + (1 - momentum) * mean[j] }
            normalizeInPlace(&entry)
            entries.replaceSubrange(base..<(base + dimension), with: entry)
        }
    }
}
