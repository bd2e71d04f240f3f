import Testing
import TensorCore
@testable import SparseCoding

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Kernel rotation symmetry and the kernel summary against constructions whose answer is
/// known: a difference of Gaussians (radially symmetric), Gabor functions (oriented), odd
/// edges (antisymmetric), linear ramps (which bilinear sampling turns exactly), and seeded
/// random kernels.
@Suite struct KernelSymmetryTests {
    /// f(y − c, x − c) on a side×side grid about its centre, unit norm.
    static func kernel(side: Int, _ f: (Double, Double) -> Double) -> [Float] {
        let c = Double(side - 1) / 2
        var values = [Double]()
        for y in 0..<side { for x in 0..<side { values.append(f(Double(y) - c, Double(x) - c)) } }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { Float($0 / norm) }
    }

    static func differenceOfGaussians(side: Int) -> [Float] {
        kernel(side: side) { y, x in
            let r2 = y * y + x * x
            return exp(-r2 / 2) - 0.5 * exp(-r2 / 8)
        }
    }

    static func gabor(side: Int, degrees: Double, phase: Double = 0) -> [Float] {
        let a = degrees * Double.pi / 180
        return kernel(side: side) { y, x in
            cos(2 * Double.pi * 0.25 * (x * cos(a) + y * sin(a)) + phase) * exp(-(x * x + y * y) / 8)
        }
    }

    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        return dot / (a.reduce(0) { $0 + $1 * $1 } * b.reduce(0) { $0 + $1 * $1 }).squareRoot()
    }

    @Test("a difference of Gaussians is radially symmetric", arguments: [8, 9])
    func centreSurround(side: Int) {
        let symmetry = kernelSymmetry(Self.differenceOfGaussians(side: side), channels: 1, height: side, width: side)
        #expect(abs(symmetry.quarterTurn - 1) < 1e-6 && abs(symmetry.halfTurn - 1) < 1e-6)
        #expect(symmetry.eighthTurn > 0.97, "45°: \(symmetry.eighthTurn)")
        #expect(symmetry.radialSymmetry > 0.98)
    }

    @Test("an oriented Gabor is not radially symmetric; an odd one is antisymmetric under 180°")
    func gaborIsOriented() {
        for degrees in [0.0, 30, 45, 90, 120] {
            let even = kernelSymmetry(Self.gabor(side: 9, degrees: degrees), channels: 1, height: 9, width: 9)
            #expect(even.radialSymmetry < 0.35, "\(degrees)°: \(even)")
            #expect(abs(even.halfTurn - 1) < 1e-6)
            let odd = kernelSymmetry(Self.gabor(side: 9, degrees: degrees, phase: Double.pi / 2), channels: 1, height: 9, width: 9)
            #expect(abs(odd.halfTurn + 1) < 1e-6, "\(degrees)°: \(odd)")
            #expect(odd.radialSymmetry < 0.35)
        }
    }

    /// Kernels made even or odd about the middle (k ± its 180° turn) have their centre of
    /// energy in the middle, so the turns are about the middle.
    @Test("the 90° turn is the index permutation (y, x) ↦ (x, S−1−y), compared over all pixels")
    func quarterTurnIsAPermutation() {
        var generator = SeededGenerator(seed: 7)
        let side = 6
        let noise = (0..<(side * side)).map { _ in Double(generator.gaussian()) }
        func flip(_ v: [Double]) -> [Double] {
            var out = v
            for y in 0..<side { for x in 0..<side { out[(side - 1 - y) * side + (side - 1 - x)] = v[y * side + x] } }
            return out
        }
        for sign in [1.0, -1.0] {
            let values = zip(noise, flip(noise)).map { Double(Float($0 + sign * $1)) }
            var turned = [Double](repeating: 0, count: side * side)
            for y in 0..<side { for x in 0..<side { turned[x * side + (side - 1 - y)] = values[y * side + x] } }
            let symmetry = kernelSymmetry(values.map { Float($0) }, channels: 1, height: side, width: side)
            #expect(symmetry.centreY == 2.5 && symmetry.centreX == 2.5)
            #expect(abs(symmetry.quarterTurn - Self.cosine(values, turned)) < 1e-6)
            #expect(abs(symmetry.halfTurn - sign) < 1e-6)
        }
    }

    /// Kernels are defined up to a shift: a centre-surround blob away from the middle of its
    /// support is still turned about itself, not about the middle.
    @Test("an off-centre difference of Gaussians is still radially symmetric; an off-centre Gabor is not")
    func offCentre() {
        func shifted(_ f: (Double, Double) -> Double) -> [Float] {
            Self.kernel(side: 9) { y, x in f(y - 1, x + 1) }
        }
        let blob = shifted { y, x in
            let r2 = y * y + x * x
            return exp(-r2 / 2) - 0.5 * exp(-r2 / 4.5)
        }
        let symmetry = kernelSymmetry(blob, channels: 1, height: 9, width: 9)
        #expect(symmetry.centreY == 5 && symmetry.centreX == 3, "\(symmetry)")
        #expect(symmetry.radialSymmetry > 0.95, "\(symmetry)")
        let edge = shifted { y, x in sin(2 * Double.pi * 0.25 * x) * exp(-(x * x + y * y) / 8) }
        #expect(kernelSymmetry(edge, channels: 1, height: 9, width: 9).radialSymmetry < 0.35)
    }

    /// Bilinear sampling reproduces a linear function exactly, so a ramp g·(p − c) turned by
    /// 45° is the ramp (R g)·(p − c): the correlation over the inscribed disc is computed here
    /// from that closed form.
    @Test("45°: a linear ramp turns exactly, compared over the inscribed disc", arguments: [7, 8])
    func rampTurnsExactly(side: Int) {
        let (gy, gx) = (0.3, 1.0)
        let ramp = Self.kernel(side: side) { y, x in gy * y + gx * x }
        let c = Double(side - 1) / 2, radius = c
        let (cosine, sine) = (cos(Double.pi / 4), sin(Double.pi / 4))
        // (R k)(p) = k(R⁻¹ (p − c) + c) = g · R⁻¹ d = (R g) · d.
        let (ry, rx) = (sine * gx + cosine * gy, cosine * gx - sine * gy)
        var original = [Double](), turned = [Double]()
        for y in 0..<side {
            for x in 0..<side {
                let (dy, dx) = (Double(y) - c, Double(x) - c)
                guard dy * dy + dx * dx <= radius * radius + 1e-9 else { continue }
                original.append(gy * dy + gx * dx)
                turned.append(ry * dy + rx * dx)
            }
        }
        let symmetry = kernelSymmetry(ramp, channels: 1, height: side, width: side)
        #expect(abs(symmetry.eighthTurn - Self.cosine(original, turned)) < 1e-5, "\(symmetry.eighthTurn)")
        // A ramp is odd: the 180° turn negates it.
        #expect(abs(symmetry.halfTurn + 1) < 1e-6)
    }

    @Test("sign and scale do not change the measures; a zero kernel gives 0")
    func invariance() {
        let kernel = Self.gabor(side: 8, degrees: 20)
        let a = kernelSymmetry(kernel, channels: 1, height: 8, width: 8)
        let b = kernelSymmetry(kernel.map { -3 * $0 }, channels: 1, height: 8, width: 8)
        #expect(abs(a.quarterTurn - b.quarterTurn) < 1e-6 && abs(a.eighthTurn - b.eighthTurn) < 1e-6 && abs(a.halfTurn - b.halfTurn) < 1e-6)
        #expect(kernelSymmetry([Float](repeating: 0, count: 64), channels: 1, height: 8, width: 8)
                == KernelSymmetry(quarterTurn: 0, halfTurn: 0, eighthTurn: 0, centreY: 3.5, centreX: 3.5))
    }

    @Test("summary: channel-major colour kernels measure as their grey channel; learned-like kernels beat random")
    func summary() {
        let grey = Self.differenceOfGaussians(side: 9) + Self.gabor(side: 9, degrees: 30) + Self.gabor(side: 9, degrees: 100, phase: 1)
        let greySummary = KernelSummary(kernels: grey, count: 3, channels: 1, height: 9, width: 9, seed: 1, randomCount: 200)
        // Colour: each kernel's three channel planes are its grey plane times 1, −2 and 0.5.
        var colour = [Float]()
        for index in 0..<3 {
            let plane = grey[(index * 81)..<((index + 1) * 81)]
            for weight: Float in [1, -2, 0.5] { colour += plane.map { $0 * weight } }
        }
        let colourSummary = KernelSummary(kernels: colour, count: 3, channels: 3, height: 9, width: 9, seed: 1, randomCount: 200)
        for index in 0..<3 {
            let (g, c) = (greySummary.shapes[index], colourSummary.shapes[index])
            #expect(abs(g.orientationShare - c.orientationShare) < 1e-6 && abs(g.dominantOrientation - c.dominantOrientation) < 1e-6)
            let (gs, cs) = (greySummary.symmetries[index], colourSummary.symmetries[index])
            #expect(abs(gs.radialSymmetry - cs.radialSymmetry) < 1e-6)
        }
        #expect(greySummary.symmetries[0].radialSymmetry > 0.95)
        #expect(greySummary.shapes[1].orientationShare > 0.7 && greySummary.shapes[2].orientationShare > 0.7)
        #expect(greySummary.randomCount == 200 && abs(greySummary.largestNorm - 1) < 1e-6)
    }

    /// Random kernels sit near the random baseline: the medians of 301 kernels from another seed
    /// agree with the 1000-kernel baseline, and random kernels are neither symmetric nor oriented.
    @Test("random kernels measure as the random baseline")
    func randomBaseline() {
        let random = DictionarySummary.randomUnitAtoms(atoms: 301, features: 64, seed: 99)
        let summary = KernelSummary(kernels: random, count: 301, channels: 1, height: 8, width: 8, seed: 3)
        #expect(summary.randomCount == 1000)
        #expect(abs(summary.medians.radialSymmetry - summary.randomMedians.radialSymmetry) < 0.03)
        #expect(abs(summary.medians.orientationShare - summary.randomMedians.orientationShare) < 0.03)
        #expect(abs(summary.randomMedians.quarterTurn) < 0.05 && abs(summary.randomMedians.halfTurn) < 0.05)
        #expect(summary.randomMedians.radialSymmetry < 0.15)
        #expect(summary.randomMedians.orientationShare > 0.3 && summary.randomMedians.orientationShare < 0.45)
    }
}
