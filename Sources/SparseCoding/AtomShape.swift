// How oriented and how localised dictionary atoms are: the quantitative form of "the atoms
// look like Gabor filters" (localised, oriented, band-pass), to compare learned atoms with
// random ones. Pure math on row-major buffers; no I/O.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shape measures of one dictionary atom seen as an image patch.
///
/// An atom is `height·width·channels` values in row-major (y, x, channel) order: y is the row
/// (downwards), x the column (rightwards), the channel fastest. All measures are invariant to
/// the atom's sign and scale. A zero atom (or, for the spectral measures, a constant one)
/// gives 0 for the measures it leaves undefined.
public struct AtomShape: Sendable, Equatable {
    /// Share of the atom's non-DC spectral power within ±22.5° of `dominantOrientation`, in
    /// [0, 1]. The power spectrum is |DFT|², summed over channels, of the atom with its
    /// per-channel mean removed, zero-padded to a P×P grid (P = max(32, 4·max(height, width)))
    /// for angular resolution; the DC bin is excluded. A pure grating gives near 1, less on
    /// small patches, whose border spreads the spectrum along the axes (measured: 0.80–0.92 on
    /// 8×8 at 0.2–0.4 cycles/pixel, 0.70–0.76 at 0.15; 0.93–0.96 on 16×16 at 0.3–0.4); an
    /// isotropic spectrum gives 45°/180° = 0.25 and a random 8×8 atom about 0.37 (the best of
    /// many wedges of a noisy spectrum). 0 for a constant atom.
    public var orientationShare: Double
    /// The orientation, in radians in [0, π), of the spatial-frequency vector (u, v) — the
    /// direction across the stripes, normal to the edges — measured from the +x axis
    /// (rightwards) towards +y (downwards, rows): θ = atan2(v, u) mod π. The grating
    /// cos(2π f (x cos α + y sin α)) has orientation α; its stripes and edges run along α + 90°.
    /// Found as the centre θ* of the ±22.5° wedge holding the most power (searched on a 0.5°
    /// grid; of a run of centres holding the same most power, the middle one), refined to the
    /// power-weighted axial mean ½·atan2(Σ p sin 2θ, Σ p cos 2θ) of the bins in that wedge.
    public var dominantOrientation: Double
    /// The largest share of the atom's energy (sum of squares over channels) inside any
    /// window×window square of pixels, over all positions inside the patch, in [0, 1]. A delta
    /// gives 1; white noise about window²/(height·width) plus the bias of a maximum of many.
    public var localisation: Double
    /// The radius √(u² + v²), in cycles per pixel (0 to about 0.71), of the strongest bin of
    /// the same power spectrum as `orientationShare` (resolution 1/P). 0 for a constant atom.
    public var peakFrequency: Double

    public init(orientationShare: Double, dominantOrientation: Double, localisation: Double, peakFrequency: Double) {
        self.orientationShare = orientationShare
        self.dominantOrientation = dominantOrientation
        self.localisation = localisation
        self.peakFrequency = peakFrequency
    }

    /// Half-width of the orientation wedge: ±22.5°.
    public static let wedgeHalfWidth = Double.pi / 8

    /// The default localisation window side: half the shorter patch side, at least 1.
    public static func defaultWindow(height: Int, width: Int) -> Int { max(1, min(height, width) / 2) }

    /// The median of `values` (the mean of the two middle ones for an even count); 0 when empty.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// The shape measures of one atom `[height·width·channels]`, row-major (y, x, channel); see
/// `AtomShape` for the definitions. `window` is the localisation window side (default half the
/// shorter side; clamped to 1...min(height, width)). The atom must be finite.
///
/// Cost: a direct zero-padded DFT, O(channels·P²·height) with P = max(32, 4·max(height, width)),
/// plus a sort of the P² bins by angle; use `atomShapes` for many atoms of one geometry.
public func atomShape(_ atom: UnsafeBufferPointer<Float>, height: Int, width: Int, channels: Int = 1,
                      window: Int? = nil) -> AtomShape {
    let analyser = AtomShapeAnalyser(height: height, width: width, channels: channels, window: window)
    return analyser.measure(atom)
}

/// The shape measures of one atom `[height·width·channels]`; see the buffer-pointer form.
public func atomShape(_ atom: [Float], height: Int, width: Int, channels: Int = 1, window: Int? = nil) -> AtomShape {
    atom.withUnsafeBufferPointer { atomShape($0, height: height, width: width, channels: channels, window: window) }
}

/// The shape measures of every atom of a dictionary `[atoms, height·width·channels]`, one atom
/// per row, each row row-major (y, x, channel). Returns `[atoms]` measures, the same as
/// `atomShape` on each row. The spectral tables are built once; atoms are measured on all cores.
public func atomShapes(dictionary: [Float], atoms: Int, height: Int, width: Int, channels: Int = 1,
                       window: Int? = nil) -> [AtomShape] {
    let features = height * width * channels
    precondition(dictionary.count == atoms * features,
                 "atomShapes: \(dictionary.count) values is not \(atoms) atoms of \(height)x\(width)x\(channels)")
    let analyser = AtomShapeAnalyser(height: height, width: width, channels: channels, window: window)
    let zero = AtomShape(orientationShare: 0, dominantOrientation: 0, localisation: 0, peakFrequency: 0)
    var shapes = [AtomShape](repeating: zero, count: atoms)
    dictionary.withUnsafeBufferPointer { all in
        shapes.withUnsafeMutableBufferPointer { out in
            // Each atom is measured on its own, so the split across processors cannot change a result.
            forEachRange(atoms, parts: processorCount) { range in
                for index in range {
                    out[index] = analyser.measure(UnsafeBufferPointer(rebasing: all[(index * features)..<((index + 1) * features)]))
                }
            }
        }
    }
    return shapes
}

/// The mutual coherence of a dictionary `[atoms, features]`: max |⟨dᵢ, dⱼ⟩| / (‖dᵢ‖·‖dⱼ‖) over
/// pairs i ≠ j, in [0, 1]. Zero atoms are left out; 0 when fewer than two non-zero atoms.
/// Cost: the Gram matrix, 2·atoms²·features flops, in blocks of 256 rows (single precision).
public func mutualCoherence(dictionary: [Float], atoms: Int, features: Int) -> Double {
    precondition(dictionary.count == atoms * features, "mutualCoherence: \(dictionary.count) values is not \(atoms)x\(features)")
    var normalised: [Float] = []
    normalised.reserveCapacity(dictionary.count)
    for atom in 0..<atoms {
        let row = dictionary[(atom * features)..<((atom + 1) * features)]
        let norm = row.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        guard norm > 0 else { continue }
        normalised += row.map { Float(Double($0) / norm) }
    }
    let count = normalised.count / max(features, 1)
    guard count >= 2 else { return 0 }
    var coherence = 0.0
    let block = 256
    for start in stride(from: 0, to: count, by: block) {
        let rows = min(block, count - start)
        let slice = Array(normalised[(start * features)..<((start + rows) * features)])
        let gram = matmulTransposedB(slice, normalised, m: rows, k: features, n: count)
        for r in 0..<rows {
            for j in 0..<count where j != start + r {
                coherence = max(coherence, Double(abs(gram[r * count + j])))
            }
        }
    }
    return min(coherence, 1)
}

/// The tables shared by every atom of one geometry: DFT twiddles, the angle and radius of each
/// non-DC bin of the P×P spectrum, and the bins sorted by angle.
struct AtomShapeAnalyser {
    let height: Int, width: Int, channels: Int, window: Int
    /// Side of the zero-padded DFT grid.
    let size: Int
    /// cos and sin of 2π·x·u/P as `[width, P]` (x major) and of 2π·y·v/P as `[height, P]`.
    let xCosines: [Double], xSines: [Double], yCosines: [Double], ySines: [Double]
    /// Non-DC bin indices (v·P + u) in increasing order of angle, with their angles in [0, π).
    let sortedBins: [Int]
    let sortedAngles: [Double]
    /// sin 2θ and cos 2θ of the sorted bins, for the axial mean.
    let sortedDoubleSines: [Double], sortedDoubleCosines: [Double]
    /// Radius of every bin, in cycles per pixel, indexed v·P + u.
    let radii: [Double]

    init(height: Int, width: Int, channels: Int, window: Int?) {
        precondition(height >= 1 && width >= 1 && channels >= 1, "atomShape: empty patch \(height)x\(width)x\(channels)")
        self.height = height
        self.width = width
        self.channels = channels
        self.window = min(max(window ?? AtomShape.defaultWindow(height: height, width: width), 1), min(height, width))
        let p = max(32, 4 * max(height, width))
        size = p
        let cosines = (0..<p).map { cos(2 * Double.pi * Double($0) / Double(p)) }
        let sines = (0..<p).map { sin(2 * Double.pi * Double($0) / Double(p)) }
        xCosines = (0..<(width * p)).map { cosines[(($0 / p) * ($0 % p)) % p] }
        xSines = (0..<(width * p)).map { sines[(($0 / p) * ($0 % p)) % p] }
        yCosines = (0..<(height * p)).map { cosines[(($0 / p) * ($0 % p)) % p] }
        ySines = (0..<(height * p)).map { sines[(($0 / p) * ($0 % p)) % p] }
        func frequency(_ k: Int) -> Double { Double(k < (p + 1) / 2 ? k : k - p) / Double(p) }
        var angles = [Double](repeating: 0, count: p * p)
        var radii = [Double](repeating: 0, count: p * p)
        for v in 0..<p {
            for u in 0..<p {
                let fu = frequency(u), fv = frequency(v)
                var theta = atan2(fv, fu)
                if theta < 0 { theta += Double.pi }
                if theta >= Double.pi { theta -= Double.pi }
                angles[v * p + u] = theta
                radii[v * p + u] = (fu * fu + fv * fv).squareRoot()
            }
        }
        sortedBins = (1..<(p * p)).sorted { angles[$0] < angles[$1] || (angles[$0] == angles[$1] && $0 < $1) }
        sortedAngles = sortedBins.map { angles[$0] }
        sortedDoubleSines = sortedAngles.map { sin(2 * $0) }
        sortedDoubleCosines = sortedAngles.map { cos(2 * $0) }
        self.radii = radii
    }

    func measure(_ atom: UnsafeBufferPointer<Float>) -> AtomShape {
        precondition(atom.count == height * width * channels,
                     "atomShape: \(atom.count) values is not a \(height)x\(width)x\(channels) patch")
        let localisation = self.localisation(atom)
        let power = self.power(atom)
        var energy = 0.0
        for value in atom { energy += Double(value) * Double(value) }
        // Parseval: the padded spectrum sums to P²·(centred energy); below rounding level of
        // the raw energy the atom is constant and has no orientation.
        let floor = 1e-20 * Double(size * size) * energy
        let (share, orientation, peak) = orientation(power, floor: floor)
        return AtomShape(orientationShare: share, dominantOrientation: orientation, localisation: localisation, peakFrequency: peak)
    }

    /// The largest window×window energy over the total, by a 2-D prefix sum of the energies.
    func localisation(_ atom: UnsafeBufferPointer<Float>) -> Double {
        let stride = width + 1
        var prefix = [Double](repeating: 0, count: (height + 1) * stride)
        for y in 0..<height {
            var row = 0.0
            for x in 0..<width {
                for c in 0..<channels {
                    let value = Double(atom[(y * width + x) * channels + c])
                    row += value * value
                }
                prefix[(y + 1) * stride + x + 1] = prefix[y * stride + x + 1] + row
            }
        }
        let total = prefix[height * stride + width]
        guard total > 0 else { return 0 }
        var best = 0.0
        for y in 0...(height - window) {
            for x in 0...(width - window) {
                let inside = prefix[(y + window) * stride + x + window] - prefix[y * stride + x + window]
                    - prefix[(y + window) * stride + x] + prefix[y * stride + x]
                best = max(best, inside)
            }
        }
        return min(best / total, 1)
    }

    /// |DFT|² on the P×P grid, summed over channels, of the atom minus its per-channel mean;
    /// indexed v·P + u (v the vertical frequency, along y; u the horizontal, along x). Computed
    /// for v ≤ P/2 and mirrored (a real atom has power(−u, −v) = power(u, v)).
    func power(_ atom: UnsafeBufferPointer<Float>) -> [Double] {
        let p = size, half = p / 2
        var power = [Double](repeating: 0, count: p * p)
        var rowsRe = [Double](repeating: 0, count: height * p)
        var rowsIm = [Double](repeating: 0, count: height * p)
        var accRe = [Double](repeating: 0, count: p), accIm = [Double](repeating: 0, count: p)
        var centred = [Double](repeating: 0, count: height * width)
        for c in 0..<channels {
            var mean = 0.0
            for i in 0..<(height * width) { mean += Double(atom[i * channels + c]) }
            mean /= Double(height * width)
            for i in 0..<(height * width) { centred[i] = Double(atom[i * channels + c]) - mean }
            // Along x: R(y, u) = Σ_x a(y, x) e^{-2πi u x / P}.
            for i in rowsRe.indices { rowsRe[i] = 0; rowsIm[i] = 0 }
            for y in 0..<height {
                for x in 0..<width {
                    let value = centred[y * width + x]
                    for u in 0..<p {
                        rowsRe[y * p + u] += value * xCosines[x * p + u]
                        rowsIm[y * p + u] -= value * xSines[x * p + u]
                    }
                }
            }
            // Along y: X(v, u) = Σ_y R(y, u) e^{-2πi v y / P}.
            for v in 0...half {
                for u in 0..<p { accRe[u] = 0; accIm[u] = 0 }
                for y in 0..<height {
                    let cosine = yCosines[y * p + v], sine = ySines[y * p + v]
                    for u in 0..<p {
                        let r = rowsRe[y * p + u], i = rowsIm[y * p + u]
                        accRe[u] += r * cosine + i * sine
                        accIm[u] += i * cosine - r * sine
                    }
                }
                for u in 0..<p { power[v * p + u] += accRe[u] * accRe[u] + accIm[u] * accIm[u] }
            }
        }
        for v in (half + 1)..<p {
            for u in 0..<p { power[v * p + u] = power[(p - v) * p + (p - u) % p] }
        }
        power[0] = 0
        return power
    }

    /// (share, orientation, peak frequency) from a power spectrum.
    func orientation(_ power: [Double], floor: Double) -> (Double, Double, Double) {
        let count = sortedBins.count
        var prefix = [Double](repeating: 0, count: count + 1)
        var peakBin = 0, peakPower = 0.0
        for (index, bin) in sortedBins.enumerated() {
            prefix[index + 1] = prefix[index] + power[bin]
            if power[bin] > peakPower { peakPower = power[bin]; peakBin = bin }
        }
        let total = prefix[count]
        guard total > floor, peakPower > 0 else { return (0, 0, 0) }
        // First index whose angle is ≥ a (or > a when `after`).
        func lowerBound(_ a: Double, after: Bool = false) -> Int {
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sortedAngles[mid] < a || (after && sortedAngles[mid] == a) { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        // Sorted-index ranges [start, end) of the closed wedge [centre - h, centre + h], mod π.
        let slack = 1e-12
        func ranges(_ centre: Double) -> [Range<Int>] {
            let lo = centre - AtomShape.wedgeHalfWidth - slack, hi = centre + AtomShape.wedgeHalfWidth + slack
            if lo < 0 {
                return [lowerBound(lo + Double.pi)..<count, 0..<lowerBound(hi, after: true)]
            } else if hi >= Double.pi {
                return [lowerBound(lo)..<count, 0..<lowerBound(hi - Double.pi, after: true)]
            }
            return [lowerBound(lo)..<lowerBound(hi, after: true)]
        }
        let steps = 360, step = Double.pi / Double(steps)
        let wedgePower = (0..<steps).map { index in
            ranges(Double(index) * step).reduce(0.0) { $0 + prefix[$1.upperBound] - prefix[$1.lowerBound] }
        }
        let bestPower = wedgePower.max()!
        // Several centres hold the same bins (a plateau, wide for coarse low-frequency bins):
        // take the middle of the longest circular run of maximal centres, so that a spectrum
        // symmetric about an angle gets that angle rather than the first centre of the run.
        let isBest = wedgePower.map { $0 >= bestPower * (1 - 1e-12) }
        var runStart = 0, runLength = 0
        if isBest.allSatisfy({ $0 }) {
            runLength = steps
        } else {
            let first = isBest.firstIndex(of: false)!
            var current = 0, start = 0
            for offset in 1...steps {
                let index = (first + offset) % steps
                if isBest[index] {
                    if current == 0 { start = index }
                    current += 1
                    if current > runLength { runLength = current; runStart = start }
                } else {
                    current = 0
                }
            }
        }
        let centre = (Double(runStart) + Double(runLength - 1) / 2) * step
        let bestRanges = ranges(centre.truncatingRemainder(dividingBy: Double.pi))
        var sine = 0.0, cosine = 0.0
        for range in bestRanges {
            for index in range {
                let p = power[sortedBins[index]]
                sine += p * sortedDoubleSines[index]
                cosine += p * sortedDoubleCosines[index]
            }
        }
        var orientation = atan2(sine, cosine) / 2
        if orientation < 0 { orientation += Double.pi }
        if orientation >= Double.pi { orientation -= Double.pi }
        return (min(bestPower / total, 1), orientation, radii[peakBin])
    }
}
