import Testing
import TensorCore
@testable import ContrastiveLearning

/// PIRL's bank: unit entries, the momentum update by hand, and the negatives it draws.
@Suite struct MemoryBankTests {
    static func lengths(_ entries: [Float], dimension: Int) -> [Double] {
        var lengths = [Double](repeating: 0, count: entries.count / dimension)
        for (index, value) in entries.enumerated() { lengths[index / dimension] += Double(value) * Double(value) }
        return lengths.map { $0.squareRoot() }
    }

    /// `values` `[_, dimension]` as one array per row.
    static func split(_ values: [Float], dimension: Int) -> [[Float]] {
        stride(from: 0, to: values.count, by: dimension).map { (start: Int) -> [Float] in Array(values[start..<(start + dimension)]) }
    }

    /// The entry index each drawn row is (the random entries are all different).
    static func entryIndices(of rows: [Float], in bank: MemoryBank) -> [Int] {
        let entries = split(bank.entries, dimension: bank.dimension)
        return split(rows, dimension: bank.dimension).map { (row: [Float]) -> Int in
            let matches = entries.indices.filter { entries[$0] == row }
            precondition(matches.count == 1, "a drawn row is not exactly one entry")
            return matches[0]
        }
    }

    @Test func entriesStartAsDifferentUnitVectors() {
        var generator = SeededGenerator(seed: 3)
        let bank = MemoryBank(images: 50, dimension: 4, momentum: 0.5, generator: &generator)
        #expect(bank.count == 50 && bank.entries.count == 200)
        #expect(Self.lengths(bank.entries, dimension: 4).allSatisfy { abs($0 - 1) <= 1e-6 })
        let rows = Self.split(bank.entries, dimension: 4)
        #expect(Set(rows).count == 50)
        // Directions spread over the sphere: every coordinate takes both signs.
        for j in 0..<4 {
            let signs = Set(rows.map { $0[j] > 0 })
            #expect(signs.count == 2)
        }
    }

    /// mᵢ ← normalise(μ·mᵢ + (1 − μ)·normalise(z_A + z_B)), by hand in Double; other entries
    /// untouched.
    @Test(arguments: [Float(0), 0.5, 0.9])
    func updateMovesTheBatchEntriesByTheFormula(momentum: Float) {
        var generator = SeededGenerator(seed: 4)
        var bank = MemoryBank(images: 5, dimension: 2, momentum: momentum, generator: &generator)
        let before = bank.entries
        // Image 3's views (1, 0) and (0, 1): their mean's direction is (1, 1)/√2. Image 0's
        // views (0.6, 0.8) and (0.6, −0.8): direction (1, 0).
        let projections: [Float] = [1, 0, 0, 1, 0.6, 0.8, 0.6, -0.8]
        bank.update(batch: [3, 0], projections: projections)
        let mu = Double(momentum)
        for (image, direction) in [(3, [(0.5).squareRoot(), (0.5).squareRoot()]), (0, [1.0, 0.0])] as [(Int, [Double])] {
            let old = [Double(before[2 * image]), Double(before[2 * image + 1])]
            let moved = [mu * old[0] + (1 - mu) * direction[0], mu * old[1] + (1 - mu) * direction[1]]
            let length = (moved[0] * moved[0] + moved[1] * moved[1]).squareRoot()
            #expect(abs(Double(bank.entries[2 * image]) - moved[0] / length) <= 1e-6, "image \(image)")
            #expect(abs(Double(bank.entries[2 * image + 1]) - moved[1] / length) <= 1e-6, "image \(image)")
        }
        for image in [1, 2, 4] { #expect(bank.entries[(2 * image)...(2 * image + 1)] == before[(2 * image)...(2 * image + 1)]) }
        #expect(Self.lengths(bank.entries, dimension: 2).allSatisfy { abs($0 - 1) <= 1e-6 })
    }

    @Test(arguments: [(wanted: 4, batch: [2, 7, 11]), (wanted: 9, batch: [0, 1, 2]), (wanted: 20, batch: [5, 6, 7, 8]),
                      (wanted: 1, batch: [3])])
    func negativesAreDistinctEntriesOfOtherImages(wanted: Int, batch: [Int]) {
        var generator = SeededGenerator(seed: 5)
        let bank = MemoryBank(images: 12, dimension: 3, momentum: 0.5, generator: &generator)
        var seen = Set<Int>()
        for draw in 0..<200 {
            var drawGenerator = SeededGenerator(seed: UInt64(100 + draw))
            let rows = bank.negatives(wanted, excluding: batch, generator: &drawGenerator)
            #expect(rows.count % 3 == 0)
            let indices = Self.entryIndices(of: rows, in: bank)
            #expect(indices.count == min(wanted, 12 - batch.count))
            #expect(Set(indices).count == indices.count, "drawn twice: \(indices)")
            #expect(Set(indices).isDisjoint(with: batch), "a batch image drawn: \(indices)")
            seen.formUnion(indices)
        }
        // Every image outside the batch can be drawn.
        #expect(seen == Set(0..<12).subtracting(batch))
    }

    @Test func negativesAreSeeded() {
        var generator = SeededGenerator(seed: 6)
        let bank = MemoryBank(images: 30, dimension: 2, momentum: 0.5, generator: &generator)
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1), c = SeededGenerator(seed: 2)
        let first = bank.negatives(5, excluding: [0], generator: &a)
        #expect(first == bank.negatives(5, excluding: [0], generator: &b))
        #expect(first != bank.negatives(5, excluding: [0], generator: &c))
    }
}
