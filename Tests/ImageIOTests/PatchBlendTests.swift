import Testing
@testable import ImageIO

/// K-SVD's blend of the rebuilt patches with the observed image, against hand computations.
struct PatchBlendTests {
    /// A 2x3 image, 2x2 patches at x = 0 (all 1) and x = 1 (all 3), λ = 2, observed 0.5 / 0.25:
    /// column 0 is covered once, column 1 twice, column 2 once.
    @Test func weightedMeanOfObservedPixelAndCoveringPatches() {
        var assembler = PatchAssembler(height: 2, width: 3, channels: 1, patchHeight: 2, patchWidth: 2)
        assembler.add([Float](repeating: 1, count: 4), at: PatchPosition(y: 0, x: 0))
        assembler.add([Float](repeating: 3, count: 4), at: PatchPosition(y: 0, x: 1))
        let observed = Image(width: 3, height: 2, channels: 1, pixels: [0.5, 0.5, 0.5, 0.25, 0.25, 0.25])
        let blended = assembler.image(blendedWith: observed, weight: 2)
        let expected: [Float] = [(2 * 0.5 + 1) / 3, (2 * 0.5 + 4) / 4, (2 * 0.5 + 3) / 3,
                                 (2 * 0.25 + 1) / 3, (2 * 0.25 + 4) / 4, (2 * 0.25 + 3) / 3]
        for (got, want) in zip(blended.pixels, expected) { #expect(abs(got - want) < 1e-6, "\(blended.pixels)") }
    }

    /// Colour: each channel blends with its own observed value; an uncovered pixel keeps it.
    @Test func channelsBlendSeparatelyAndUncoveredPixelsKeepTheObservedValue() {
        var assembler = PatchAssembler(height: 1, width: 2, channels: 3, patchHeight: 1, patchWidth: 1)
        assembler.add([0.9, 0.6, 0.3], at: PatchPosition(y: 0, x: 0))
        let observed = Image(width: 2, height: 1, channels: 3, pixels: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
        let blended = assembler.image(blendedWith: observed, weight: 0.5)
        let expected: [Float] = [(0.05 + 0.9) / 1.5, (0.1 + 0.6) / 1.5, (0.15 + 0.3) / 1.5, 0.4, 0.5, 0.6]
        for (got, want) in zip(blended.pixels, expected) { #expect(abs(got - want) < 1e-6, "\(blended.pixels)") }
    }

    /// λ = 0 leaves the plain average of the patches.
    @Test func zeroWeightIsThePlainAverage() {
        var assembler = PatchAssembler(height: 3, width: 3, channels: 1, patchHeight: 2, patchWidth: 2)
        for (y, x) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            assembler.add((0..<4).map { Float($0 + y * 3 + x) }, at: PatchPosition(y: y, x: x))
        }
        let observed = Image(width: 3, height: 3, channels: 1, pixels: [Float](repeating: 7, count: 9))
        #expect(assembler.image(blendedWith: observed, weight: 0) == assembler.image())
    }
}
