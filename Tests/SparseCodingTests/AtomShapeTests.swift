import Testing
@testable import SparseCoding

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Atom shape measures against constructions whose answer is known: gratings of a chosen
/// orientation, deltas, boxes, checkerboards, Gabor functions, and seeded random atoms.
/// Orientation convention under test: the direction of the spatial-frequency vector (normal to
/// the stripes), from +x (columns, rightwards) towards +y (rows, downwards), in [0, π).
@Suite struct AtomShapeTests {
    static func degrees(_ radians: Double) -> Double { radians * 180 / Double.pi }

    /// Distance between two orientations in degrees, modulo 180°.
    static func angularDistance(_ a: Double, _ b: Double) -> Double {
        let d = abs(degrees(a) - degrees(b)).truncatingRemainder(dividingBy: 180)
        return min(d, 180 - d)
    }

    /// cos(2π f (x cos α + y sin α) + φ) · exp(-((x-cx)² + (y-cy)²) / (2σ²)) on a height×width
    /// patch, row-major (y, x); σ = nil means no envelope (a plain grating). Unit norm.
    static func gabor(height: Int = 8, width: Int = 8, angle degrees: Double, frequency: Double, phase: Double = 0,
                      sigma: Double? = nil, centre: (y: Double, x: Double)? = nil) -> [Float] {
        let alpha = degrees * Double.pi / 180
        let cy = centre?.y ?? Double(height - 1) / 2, cx = centre?.x ?? Double(width - 1) / 2
        var values = [Double]()
        for y in 0..<height {
            for x in 0..<width {
                let (fx, fy) = (Double(x), Double(y))
                var v = cos(2 * Double.pi * frequency * (fx * cos(alpha) + fy * sin(alpha)) + phase)
                if let sigma { v *= exp(-((fx - cx) * (fx - cx) + (fy - cy) * (fy - cy)) / (2 * sigma * sigma)) }
                values.append(v)
            }
        }
        return unit(values)
    }

    static func unit(_ values: [Double]) -> [Float] {
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { Float($0 / norm) }
    }

    static func randomAtoms(count: Int, features: Int, seed: UInt64) -> [Float] {
        var random = TestRandom(seed: seed)
        return random.dictionary(atoms: count, features: features)
    }

    // MARK: Orientation

    /// A grating's frequency vector points along α: orientation α within 3°, share high.
    /// Measured (phases 0 and 0.7): 8×8 at 0.3 cycles/pixel share 0.865-0.90, orientation error
    /// below 0.3°; 16×16 at 0.3 share 0.93-0.95; 16×16 at 0.15 share 0.86-0.90, error below
    /// 0.2°. The patch border (a box window) spreads a grating's spectrum along the u and v axes
    /// (sinc sidelobes, main lobe ±1/side cycles/pixel wide), so a finite grating stays below 1,
    /// and the more so the smaller the patch and the lower the frequency (8×8 at 0.15: 0.70-0.76).
    @Test(arguments: [0.0, 30, 90, 135])
    func gratingOrientation(angle: Double) {
        for (side, frequency, bound) in [(8, 0.3, 0.8), (16, 0.3, 0.9), (16, 0.15, 0.8)] {
            for phase in [0.0, 0.7] {
                let atom = Self.gabor(height: side, width: side, angle: angle, frequency: frequency, phase: phase)
                let shape = atomShape(atom, height: side, width: side)
                #expect(shape.orientationShare > bound, "\(side)x\(side) f \(frequency) α \(angle)°: share \(shape.orientationShare)")
                #expect(Self.angularDistance(shape.dominantOrientation, angle * Double.pi / 180) < 3,
                        "\(side)x\(side) f \(frequency) α \(angle)°: orientation \(Self.degrees(shape.dominantOrientation))°")
                #expect(shape.dominantOrientation >= 0 && shape.dominantOrientation < Double.pi)
                // The peak lies within a bin diagonal (√2/P) plus the box's shift of the peak.
                #expect(abs(shape.peakFrequency - frequency) < 0.05, "peak \(shape.peakFrequency) for f \(frequency)")
            }
        }
    }

    /// An axis-aligned grating on the DFT grid: rows constant, so the frequency is horizontal (0°).
    @Test func verticalStripesAreHorizontalFrequency() {
        // a(y, x) = cos(π x / 2): stripes run down the columns; the frequency vector is along x.
        let atom = Self.unit((0..<64).map { cos(Double.pi * Double($0 % 8) / 2) })
        let shape = atomShape(atom, height: 8, width: 8)
        #expect(Self.angularDistance(shape.dominantOrientation, 0) < 0.5)
        #expect(abs(shape.peakFrequency - 0.25) < 1e-12)
        // Transposed (stripes along the rows): 90°.
        var transposed = [Float](repeating: 0, count: 64)
        for y in 0..<8 { for x in 0..<8 { transposed[x * 8 + y] = atom[y * 8 + x] } }
        #expect(Self.angularDistance(atomShape(transposed, height: 8, width: 8).dominantOrientation, Double.pi / 2) < 0.5)
    }

    /// Transposing maps θ to π/2 − θ and mirroring x maps θ to π − θ, with the share unchanged:
    /// exact symmetries of the definition, checked on random atoms.
    @Test func transposeAndMirrorMapTheOrientation() {
        let atoms = Self.randomAtoms(count: 20, features: 64, seed: 41)
        for index in 0..<20 {
            let atom = Array(atoms[(index * 64)..<((index + 1) * 64)])
            var transposed = atom, mirrored = atom
            for y in 0..<8 {
                for x in 0..<8 {
                    transposed[x * 8 + y] = atom[y * 8 + x]
                    mirrored[y * 8 + (7 - x)] = atom[y * 8 + x]
                }
            }
            let shape = atomShape(atom, height: 8, width: 8)
            let t = atomShape(transposed, height: 8, width: 8)
            let m = atomShape(mirrored, height: 8, width: 8)
            // Nyquist bins (u or v = ±1/2) map to themselves, not to the mirrored angle: a small effect.
            #expect(abs(t.orientationShare - shape.orientationShare) < 0.02)
            #expect(abs(m.orientationShare - shape.orientationShare) < 0.02)
            #expect(Self.angularDistance(t.dominantOrientation, Double.pi / 2 - shape.dominantOrientation) < 2)
            #expect(Self.angularDistance(m.dominantOrientation, Double.pi - shape.dominantOrientation) < 2)
            #expect(abs(t.localisation - shape.localisation) < 1e-12 && abs(m.localisation - shape.localisation) < 1e-12)
        }
    }

    /// The share and peak against a naive reference: each bin of the zero-padded spectrum as a
    /// direct double sum of e^{-2πi(ux + vy)/P} (no separable pass, no mirroring), and every
    /// 0.5° wedge summed bin by bin (no sorting, no prefix sums, explicit wrap-around).
    @Test(arguments: [(8, 8, 1), (6, 10, 3)])
    func shareAndPeakMatchANaiveReference(height: Int, width: Int, channels: Int) {
        let features = height * width * channels
        let p = max(32, 4 * max(height, width))
        var atoms = Self.randomAtoms(count: 6, features: features, seed: 23)
        atoms += Self.gabor(height: height, width: width, angle: 100, frequency: 0.2, sigma: 1.5).flatMap { [Float](repeating: $0, count: channels) }
        let count = 7
        for index in 0..<count {
            let atom = Array(atoms[(index * features)..<((index + 1) * features)])
            var power = [Double](repeating: 0, count: p * p), angle = power, radius = power
            for c in 0..<channels {
                var mean = 0.0
                for i in 0..<(height * width) { mean += Double(atom[i * channels + c]) }
                mean /= Double(height * width)
                for v in 0..<p {
                    for u in 0..<p {
                        var re = 0.0, im = 0.0
                        for y in 0..<height {
                            for x in 0..<width {
                                let phase = -2 * Double.pi * Double(u * x + v * y) / Double(p)
                                let a = Double(atom[(y * width + x) * channels + c]) - mean
                                re += a * cos(phase); im += a * sin(phase)
                            }
                        }
                        power[v * p + u] += re * re + im * im
                    }
                }
            }
            for v in 0..<p {
                for u in 0..<p {
                    let fu = Double(u <= p / 2 - 1 ? u : u - p) / Double(p), fv = Double(v <= p / 2 - 1 ? v : v - p) / Double(p)
                    var theta = atan2(fv, fu)
                    if theta < 0 { theta += Double.pi }
                    if theta >= Double.pi { theta -= Double.pi }
                    angle[v * p + u] = theta
                    radius[v * p + u] = (fu * fu + fv * fv).squareRoot()
                }
            }
            power[0] = 0
            let total = power.reduce(0, +)
            var best = 0.0
            for step in 0..<360 {
                let centre = Double(step) * Double.pi / 360
                var inside = 0.0
                for bin in 1..<(p * p) {
                    var d = abs(angle[bin] - centre)
                    d = min(d, Double.pi - d)
                    if d <= Double.pi / 8 + 1e-12 { inside += power[bin] }
                }
                best = max(best, inside)
            }
            let peak = radius[power.indices.max { power[$0] < power[$1] }!]
            let shape = atomShape(atom, height: height, width: width, channels: channels)
            #expect(abs(shape.orientationShare - best / total) < 1e-9, "atom \(index): \(shape.orientationShare) vs \(best / total)")
            #expect(abs(shape.peakFrequency - peak) < 1e-12, "atom \(index): peak \(shape.peakFrequency) vs \(peak)")
        }
    }

    /// A constant atom has no non-DC spectrum: share, orientation and peak are 0.
    @Test func constantAtomHasNoOrientation() {
        let shape = atomShape([Float](repeating: 0.125, count: 64), height: 8, width: 8)
        #expect(shape.orientationShare == 0 && shape.dominantOrientation == 0 && shape.peakFrequency == 0)
        #expect(abs(shape.localisation - 0.25) < 1e-12)
        let zero = atomShape([Float](repeating: 0, count: 64), height: 8, width: 8)
        #expect(zero == AtomShape(orientationShare: 0, dominantOrientation: 0, localisation: 0, peakFrequency: 0))
    }

    // MARK: Localisation

    /// A delta anywhere, including the corners, has all its energy in one window.
    @Test func deltaIsFullyLocalised() {
        for position in [0, 7, 27, 56, 63] {
            var atom = [Float](repeating: 0, count: 64)
            atom[position] = -1
            #expect(atomShape(atom, height: 8, width: 8).localisation == 1)
        }
    }

    /// Any pattern inside one 4×4 square has localisation 1; spread over the patch, less.
    @Test func patternInsideOneWindow() {
        var atom = [Float](repeating: 0, count: 64)
        for y in 3..<7 { for x in 1..<5 { atom[y * 8 + x] = Float((y * 5 + x) % 3) - 0.7 } }
        #expect(abs(atomShape(atom, height: 8, width: 8).localisation - 1) < 1e-12)
        // A 4x4 box: the same, and a 5x5 box over the 4x4 window holds 16/25.
        var box = [Float](repeating: 0, count: 64)
        for y in 0..<5 { for x in 0..<5 { box[y * 8 + x] = 0.2 } }
        #expect(abs(atomShape(box, height: 8, width: 8).localisation - 16.0 / 25) < 1e-12)
        #expect(abs(atomShape(box, height: 8, width: 8, window: 5).localisation - 1) < 1e-12)
    }

    /// A ±1 checkerboard has equal energy in every pixel: every 4×4 window holds exactly 16/64.
    @Test func checkerboardIsSpread() {
        let atom = Self.unit((0..<64).map { ($0 / 8 + $0 % 8) % 2 == 0 ? 1 : -1 })
        #expect(abs(atomShape(atom, height: 8, width: 8).localisation - 0.25) < 1e-9)
        // 16x16 with the default window 8: 64/256.
        let large = Self.unit((0..<256).map { ($0 / 16 + $0 % 16) % 2 == 0 ? 1 : -1 })
        #expect(abs(atomShape(large, height: 16, width: 16).localisation - 0.25) < 1e-9)
    }

    /// The window-energy maximum against a direct sum over every window (independent loops).
    @Test func localisationMatchesDirectWindowSums() {
        let (h, w, c) = (6, 10, 3)
        let atoms = Self.randomAtoms(count: 5, features: h * w * c, seed: 7)
        for index in 0..<5 {
            let atom = Array(atoms[(index * h * w * c)..<((index + 1) * h * w * c)])
            for window in [1, 2, 3, 6] {
                var best = 0.0, total = 0.0
                for value in atom { total += Double(value) * Double(value) }
                for top in 0...(h - window) {
                    for left in 0...(w - window) {
                        var sum = 0.0
                        for y in top..<(top + window) { for x in left..<(left + window) { for ch in 0..<c {
                            let v = Double(atom[(y * w + x) * c + ch]); sum += v * v
                        } } }
                        best = max(best, sum)
                    }
                }
                let shape = atomShape(atom, height: h, width: w, channels: c, window: window)
                #expect(abs(shape.localisation - best / total) < 1e-12)
            }
        }
    }

    // MARK: Gabor versus random

    /// A Gabor (Gaussian-windowed grating) is both oriented and localised. Measured (8×8,
    /// σ 1.2 px, 0.3 cycles/pixel, centred or off centre): share 0.78-0.82, localisation
    /// 0.94-0.98, orientation within 4° (its broad spectrum, ±0.09 cycles/pixel of power,
    /// meets the grid's corners and the removed mean).
    @Test(arguments: [0.0, 30, 60, 112.5])
    func gaborIsOrientedAndLocalised(angle: Double) {
        for centre in [(3.5, 3.5), (2.0, 5.0)] {
            let atom = Self.gabor(angle: angle, frequency: 0.3, phase: 0.4, sigma: 1.2, centre: (centre.0, centre.1))
            let shape = atomShape(atom, height: 8, width: 8)
            #expect(shape.orientationShare > 0.7, "α \(angle)° at \(centre): share \(shape.orientationShare)")
            #expect(shape.localisation > 0.7, "α \(angle)° at \(centre): localisation \(shape.localisation)")
            #expect(Self.angularDistance(shape.dominantOrientation, angle * Double.pi / 180) < 6)
        }
    }

    /// Random Gaussian unit atoms are neither: measured medians over 500 atoms of 8×8 (seed 1)
    /// orientation share 0.370, localisation 0.382. Theory: an isotropic spectrum puts 45°/180°
    /// = 0.25 in any wedge, and white noise 16/64 = 0.25 in any 4×4 window; the excess is the
    /// best of many wedges (360 centres) or windows (25) of a noisy atom.
    @Test func randomAtomsAreNeitherOrientedNorLocalised() {
        let count = 500
        let atoms = Self.randomAtoms(count: count, features: 64, seed: 1)
        let shapes = atomShapes(dictionary: atoms, atoms: count, height: 8, width: 8)
        let share = AtomShape.median(shapes.map(\.orientationShare))
        let localisation = AtomShape.median(shapes.map(\.localisation))
        #expect(share > 0.3 && share < 0.45, "median share \(share)")
        #expect(localisation > 0.3 && localisation < 0.45, "median localisation \(localisation)")
        // The same numbers one atom at a time.
        for index in [0, 17, 499] {
            let single = atomShape(Array(atoms[(index * 64)..<((index + 1) * 64)]), height: 8, width: 8)
            #expect(single == shapes[index])
        }
    }

    /// Colour atoms: the spectrum and the energy are summed over channels.
    @Test func colourAtoms() {
        let gray = Self.gabor(angle: 30, frequency: 0.3, sigma: 1.2)
        var colour = [Float]()
        for value in gray { colour += [value, 0.5 * value, -value] }
        let a = atomShape(gray, height: 8, width: 8)
        let b = atomShape(colour, height: 8, width: 8, channels: 3)
        #expect(abs(a.orientationShare - b.orientationShare) < 1e-9)
        #expect(abs(a.dominantOrientation - b.dominantOrientation) < 1e-9)
        #expect(abs(a.localisation - b.localisation) < 1e-9)
        #expect(abs(a.peakFrequency - b.peakFrequency) < 1e-12)
    }

    /// Sign and scale do not change any measure.
    @Test func invariantToSignAndScale() {
        let atoms = Self.randomAtoms(count: 4, features: 64, seed: 3) + Self.gabor(angle: 75, frequency: 0.2, sigma: 1.5)
        for index in 0..<5 {
            let atom = Array(atoms[(index * 64)..<((index + 1) * 64)])
            let shape = atomShape(atom, height: 8, width: 8)
            #expect(atomShape(atom.map { -$0 }, height: 8, width: 8) == shape)
            for scale: Float in [3.7, -0.01, 250] {
                let scaled = atomShape(atom.map { $0 * scale }, height: 8, width: 8)
                #expect(abs(scaled.orientationShare - shape.orientationShare) < 1e-6)
                #expect(Self.angularDistance(scaled.dominantOrientation, shape.dominantOrientation) < 1e-4)
                #expect(abs(scaled.localisation - shape.localisation) < 1e-6)
                #expect(abs(scaled.peakFrequency - shape.peakFrequency) < 1e-12)
            }
        }
    }

    // MARK: Dictionary level

    /// Coherence: 0 for an orthonormal basis, cos t for two atoms at angle t, scale ignored.
    @Test func mutualCoherenceClosedForms() {
        var identity = [Float](repeating: 0, count: 16 * 16)
        for i in 0..<16 { identity[i * 16 + i] = Float(i + 1) }
        #expect(mutualCoherence(dictionary: identity, atoms: 16, features: 16) == 0)
        let t = 0.3
        let pair: [Float] = [2, 0, 0, Float(cos(t)), Float(sin(t)), 0, 0, 0, 0]
        #expect(abs(mutualCoherence(dictionary: pair, atoms: 3, features: 3) - cos(t)) < 1e-6)
        #expect(mutualCoherence(dictionary: [1, 0], atoms: 1, features: 2) == 0)
        // Random: against the naive maximum over pairs (more than one 256-row block).
        let count = 300, features = 20
        let atoms = Self.randomAtoms(count: count, features: features, seed: 11).enumerated().map { $1 * Float(1 + $0 % 3) }
        var naive = 0.0
        for i in 0..<count {
            for j in 0..<count where j != i {
                var dot = 0.0, ni = 0.0, nj = 0.0
                for f in 0..<features {
                    let a = Double(atoms[i * features + f]), b = Double(atoms[j * features + f])
                    dot += a * b; ni += a * a; nj += b * b
                }
                naive = max(naive, abs(dot) / (ni * nj).squareRoot())
            }
        }
        #expect(abs(mutualCoherence(dictionary: atoms, atoms: count, features: features) - naive) < 1e-5)
    }

    @Test func medianOfOddAndEvenCounts() {
        #expect(AtomShape.median([3, 1, 2]) == 2)
        #expect(AtomShape.median([4, 1, 3, 2]) == 2.5)
        #expect(AtomShape.median([]) == 0)
    }
}

