import TensorCore

/// `count` rows of `dimension` values drawn from N(0, I) and scaled to unit length: the
/// starting entries of a memory bank or queue (PIRL and MoCo start from random vectors too).
func randomUnitRows(count: Int, dimension: Int, generator: inout SeededGenerator) -> [Float] {
    var rows = [Float](repeating: 0, count: count * dimension)
    for r in 0..<count {
        var squares: Float = 0
        for j in 0..<dimension {
            let value = Float(generator.gaussian())
            rows[r * dimension + j] = value
            squares += value * value
        }
        let scale = 1 / max(squares.squareRoot(), 1e-12)
        for j in 0..<dimension { rows[r * dimension + j] *= scale }
    }
    return rows
}

/// `row` scaled to unit length in place (a zero row stays zero).
func normalizeInPlace(_ row: inout ArraySlice<Float>) {
    var squares: Float = 0
    for value in row { squares += value * value }
    let scale = 1 / max(squares.squareRoot(), 1e-12)
    for index in row.indices { row[index] *= scale }
}
