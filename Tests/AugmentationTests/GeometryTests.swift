import Testing
@testable import Augmentation

/// Rotation and crop-resize against hand-computed images.
struct GeometryTests {
    @Test func rotationByZeroIsTheIdentity() {
        let image = numbered(height: 4, width: 5, channels: 2)
        #expect(image.rotated(degrees: 0) == image)
    }

    /// 90° counter-clockwise is numpy's rot90: out[y, x] = in[x, W − 1 − y] (a transpose
    /// then a flip), exact up to the rounding of cos 90° and sin 90°.
    @Test(arguments: [3, 4, 5])
    func rotationBy90IsATransposeAndFlip(side: Int) {
        let image = numbered(height: side, width: side, channels: 2)
        let turned = image.rotated(degrees: 90)
        for channel in 0..<2 {
            for y in 0..<side {
                for x in 0..<side {
                    #expect(abs(turned[channel, y, x] - image[channel, x, side - 1 - y]) < 1e-4, "(\(channel), \(y), \(x))")
                }
            }
        }
        let back = turned.rotated(degrees: -90)
        #expect(zip(back.values, image.values).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    /// 45° of a single bright centre pixel keeps it there; the output pixel right of the centre
    /// samples the input at (2 + sin 45°, 2 + cos 45°), whose bilinear weight on the centre is
    /// (1 − cos 45°)².
    @Test func rotationOfOnePixel() {
        var image = Planes(zerosLike: ImageShape(channels: 1, height: 5, width: 5))
        image[0, 2, 2] = 1
        let turned = image.rotated(degrees: 45)
        #expect(turned[0, 2, 2] == 1)
        let weight = (1 - (0.5 as Float).squareRoot()) * (1 - (0.5 as Float).squareRoot())
        #expect(abs(turned[0, 2, 3] - weight) < 1e-5 && abs(turned[0, 2, 1] - weight) < 1e-5)
        #expect(turned[0, 0, 0] == 0 && turned[0, 4, 4] == 0)
        // A half-pixel rotation sample: at 180° the pixel right of the centre goes left of it.
        var side = Planes(zerosLike: ImageShape(channels: 1, height: 5, width: 5))
        side[0, 2, 3] = 1
        let half = side.rotated(degrees: 180)
        #expect(abs(half[0, 2, 1] - 1) < 1e-6 && abs(half.values.reduce(0, +) - 1) < 1e-5)
    }

    @Test func cropOfTheWholeImageIsTheIdentity() {
        let image = numbered(height: 4, width: 6, channels: 3)
        #expect(image.croppedAndResized(top: 0, left: 0, height: 4, width: 6) == image)
    }

    /// A 2x2 window of a 4x4 image doubled: with half-pixel centres, output (y, x) samples the
    /// window at ((y + ½)/2 − ½) clamped to [0, 1]: 0, 0.25, 0.75, 1.
    @Test func cropOfHalfTheSideIsDoubledBilinearly() {
        let image = numbered(height: 4, width: 4)
        let out = image.croppedAndResized(top: 1, left: 2, height: 2, width: 2)
        // Window values: rows 1–2, columns 2–3: [[13, 14], [23, 24]].
        let positions: [Float] = [0, 0.25, 0.75, 1]
        for y in 0..<4 {
            for x in 0..<4 {
                let expected = 13 + 10 * positions[y] + positions[x]
                #expect(abs(out[0, y, x] - expected) < 1e-5, "(\(y), \(x)): \(out[0, y, x]) vs \(expected)")
            }
        }
    }

    @Test func cropOfOnePixelIsThatPixelEverywhere() {
        let image = numbered(height: 3, width: 3)
        #expect(image.croppedAndResized(top: 2, left: 1, height: 1, width: 1).values.allSatisfy { $0 == 22 })
    }
}
