import Testing
@testable import ImageIO
import TensorCore

@Suite("Patches: geometry, grid and random positions, extraction, assembly")
struct PatchTests {
    /// An image of arbitrary (not 8-bit) random values.
    static func randomImage(width: Int, height: Int, channels: Int, seed: UInt64) -> Image {
        var generator = SeededGenerator(seed: seed)
        let pixels = (0..<(width * height * channels)).map { _ in Float(generator.gaussian()) }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    @Test("geometry values below 1 are rejected with a message")
    func geometryValidation() throws {
        #expect(throws: PatchGeometryError.notPositive(name: "patch height", value: 0)) {
            try PatchGeometry(height: 0, width: 8, stride: 1)
        }
        #expect(throws: PatchGeometryError.notPositive(name: "patch width", value: -2)) {
            try PatchGeometry(height: 8, width: -2, stride: 1)
        }
        #expect(throws: PatchGeometryError.notPositive(name: "stride", value: 0)) {
            try PatchGeometry(height: 8, width: 8, stride: 0)
        }
        #expect(PatchGeometryError.notPositive(name: "stride", value: 0).description
                == "stride must be at least 1 (got 0)")
        let geometry = try PatchGeometry(height: 3, width: 5, stride: 2)
        #expect(geometry.values(channels: 3) == 45)
    }

    @Test("grid starts: regular steps plus one flush with the border")
    func gridStartsExamples() {
        #expect(gridStarts(length: 10, patch: 8, stride: 4) == [0, 2])
        #expect(gridStarts(length: 16, patch: 8, stride: 4) == [0, 4, 8])
        #expect(gridStarts(length: 8, patch: 8, stride: 3) == [0])
        #expect(gridStarts(length: 7, patch: 8, stride: 1) == [])
        #expect(gridStarts(length: 5, patch: 1, stride: 1) == [0, 1, 2, 3, 4])
        #expect(gridStarts(length: 20, patch: 2, stride: 5) == [0, 5, 10, 15, 18])
    }

    @Test("grid positions: row-major product of the row and column starts")
    func gridPositionsExample() throws {
        let geometry = try PatchGeometry(height: 8, width: 8, stride: 4)
        let positions = gridPositions(imageHeight: 10, imageWidth: 16, geometry: geometry)
        let expected = [0, 2].flatMap { y in [0, 4, 8].map { x in PatchPosition(y: y, x: x) } }
        #expect(positions == expected)
        #expect(gridPositions(imageHeight: 7, imageWidth: 16, geometry: geometry).isEmpty)
        #expect(gridPositions(imageHeight: 16, imageWidth: 7, geometry: geometry).isEmpty)
    }

    @Test("grid starts, exhaustively for small sizes: in bounds, increasing, last flush, pixels covered when stride ≤ patch")
    func gridStartsProperties() {
        for length in 1...24 {
            for patch in 1...length {
                for step in 1...(patch + 3) {
                    let starts = gridStarts(length: length, patch: patch, stride: step)
                    #expect(starts.first == 0)
                    #expect(starts.last == length - patch)
                    #expect(zip(starts, starts.dropFirst()).allSatisfy { $0 < $1 && $1 - $0 <= step })
                    // Regular part: exactly 0, step, 2·step, ... up to length − patch.
                    let regular = starts.filter { $0 % step == 0 }
                    #expect(regular == Array(stride(from: 0, through: length - patch, by: step)))
                    if step <= patch {
                        var covered = [Bool](repeating: false, count: length)
                        for s in starts { for k in s..<(s + patch) { covered[k] = true } }
                        #expect(covered.allSatisfy { $0 }, "length \(length) patch \(patch) stride \(step)")
                    }
                }
            }
        }
    }

    @Test("extracted patches hold the image's samples in HWC order")
    func extractionLayout() {
        let image = Self.randomImage(width: 6, height: 5, channels: 3, seed: 1)
        let positions = [PatchPosition(y: 0, x: 0), PatchPosition(y: 2, x: 3), PatchPosition(y: 3, x: 1)]
        let patches = extractPatches(from: image, at: positions, height: 2, width: 3)
        #expect(patches.count == 3 * 2 * 3 * 3)
        for (p, position) in positions.enumerated() {
            for r in 0..<2 {
                for q in 0..<3 {
                    for c in 0..<3 {
                        #expect(patches[p * 18 + (r * 3 + q) * 3 + c] == image[position.y + r, position.x + q, c])
                    }
                }
            }
        }
    }

    @Test("extract on a covering grid then assemble gives the image back exactly",
          arguments: [(1, 1), (3, 1), (8, 1), (1, 3), (3, 3), (8, 3)])
    func extractAssembleRoundTrip(stride: Int, channels: Int) throws {
        let image = Self.randomImage(width: 23, height: 17, channels: channels, seed: UInt64(stride * 10 + channels))
        let geometry = try PatchGeometry(height: 8, width: 9, stride: stride)
        let positions = gridPositions(imageHeight: 17, imageWidth: 23, geometry: geometry)
        let patches = extractPatches(from: image, at: positions, height: 8, width: 9)
        var assembler = PatchAssembler(height: 17, width: 23, channels: channels, patchHeight: 8, patchWidth: 9)
        let n = geometry.values(channels: channels)
        for (p, position) in positions.enumerated() {
            assembler.add(patches[(p * n)..<((p + 1) * n)], at: position)
        }
        #expect(assembler.patchesAdded == positions.count)
        #expect(assembler.uncoveredPixels == 0)
        #expect(assembler.image() == image)
    }

    @Test("overlaps are averaged; uncovered pixels are 0 and counted")
    func averaging() {
        // 1×4 gray image; patches 1×2 of constant 1 at x=0 and constant 3 at x=1.
        var assembler = PatchAssembler(height: 1, width: 4, channels: 1, patchHeight: 1, patchWidth: 2)
        #expect(assembler.uncoveredPixels == 4)
        assembler.add([1, 1] as [Float], at: PatchPosition(y: 0, x: 0))
        [3, 3].withUnsafeBufferPointer { assembler.add($0, at: PatchPosition(y: 0, x: 1)) }
        #expect(assembler.image().pixels == [1, 2, 3, 0])
        #expect(assembler.uncoveredPixels == 1)

        // Colour: channels averaged independently.
        var color = PatchAssembler(height: 1, width: 1, channels: 3, patchHeight: 1, patchWidth: 1)
        color.add([0, 1, 2] as [Float], at: PatchPosition(y: 0, x: 0))
        color.add([1, 1, 6] as [Float], at: PatchPosition(y: 0, x: 0))
        #expect(color.image().pixels == [0.5, 1, 4])
    }

    @Test("random positions: within bounds, reproducible for a seed, different for another")
    func randomPositionsProperties() throws {
        let geometry = try PatchGeometry(height: 4, width: 3, stride: 1)
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7), c = SeededGenerator(seed: 8)
        let first = randomPositions(count: 2000, imageHeight: 10, imageWidth: 6, geometry: geometry, generator: &a)
        let again = randomPositions(count: 2000, imageHeight: 10, imageWidth: 6, geometry: geometry, generator: &b)
        let other = randomPositions(count: 2000, imageHeight: 10, imageWidth: 6, geometry: geometry, generator: &c)
        #expect(first.count == 2000)
        #expect(first == again)
        #expect(first != other)
        #expect(first.allSatisfy { $0.y >= 0 && $0.y + 4 <= 10 && $0.x >= 0 && $0.x + 3 <= 6 })
        // Every admissible corner (7 × 4 = 28 of them) shows up in 2000 draws.
        #expect(Set(first).count == 28)

        // The draws are y then x from `below`, in that order.
        var d = SeededGenerator(seed: 7)
        let y0 = d.below(7), x0 = d.below(4)
        #expect(first[0] == PatchPosition(y: y0, x: x0))

        var e = SeededGenerator(seed: 1)
        #expect(randomPositions(count: 5, imageHeight: 3, imageWidth: 6, geometry: geometry, generator: &e).isEmpty)
    }
}
