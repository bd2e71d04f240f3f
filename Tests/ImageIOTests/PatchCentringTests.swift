import ImageIO
import Testing

struct PatchCentringTests {
    /// Two colour patches of 2x2 pixels (12 values each, channels interleaved).
    static let patches: [Float] = (0..<24).map { Float(($0 * 37) % 23) / 23 }

    @Test func meansAreRemovedPerChannelAndReturned() {
        var data = Self.patches
        let means = removePatchMeans(&data, rows: 2, rowLength: 12, channels: 3)
        #expect(means.count == 6)
        for row in 0..<2 {
            for c in 0..<3 {
                let original = stride(from: c, to: 12, by: 3).map { Double(Self.patches[row * 12 + $0]) }
                let expected = original.reduce(0, +) / 4
                #expect(abs(Double(means[row * 3 + c]) - expected) < 1e-6)
                let centred = stride(from: c, to: 12, by: 3).map { Double(data[row * 12 + $0]) }
                #expect(abs(centred.reduce(0, +)) < 1e-6)
            }
        }
    }

    @Test func addingTheMeansBackRestoresThePatches() {
        var data = Self.patches
        let means = removePatchMeans(&data, rows: 2, rowLength: 12, channels: 3)
        addPatchMeans(means, to: &data, rows: 2, rowLength: 12, channels: 3)
        for (restored, original) in zip(data, Self.patches) { #expect(abs(restored - original) < 1e-6) }
    }
}
