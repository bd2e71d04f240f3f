import TensorCore

extension PlaneStack {
    /// The `size × size` crops that tile this stack on a grid shifted by a random offset (so
    /// that successive epochs cut the image differently), in a random order; `generator`
    /// makes both choices. A stack smaller than `size` in either dimension is its own one crop.
    ///
    /// Online learning takes one kernel update per crop: many small crops give many more updates
    /// for the same arithmetic than a few whole images.
    public func shuffledCrops(size: Int, generator: inout SeededGenerator) -> [PlaneStack] {
        precondition(size >= 1, "a crop of \(size)")
        guard height >= size, width >= size else { return [self] }
        let top = generator.below(height % size + 1)
        let left = generator.below(width % size + 1)
        var origins: [(Int, Int)] = []
        for y in stride(from: top, through: height - size, by: size) {
            for x in stride(from: left, through: width - size, by: size) { origins.append((y, x)) }
        }
        generator.shuffle(&origins)
        return origins.map { cropped(rows: $0.0..<($0.0 + size), columns: $0.1..<($0.1 + size)) }
    }
}
