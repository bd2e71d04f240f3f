import TensorCore

/// What `dict-info` measures of a dictionary D `[atoms, features]` whose atoms are
/// `height x width x channels` patches: atom norms, mutual coherence, each atom's shape, and
/// the medians of the shape measures next to those of as many seeded random unit atoms.
public struct DictionarySummary: Sendable {
    /// The smallest and largest atom norm.
    public let smallestNorm: Double, largestNorm: Double
    /// max |<d_i, d_j>| / (|d_i| |d_j|) over i != j.
    public let mutualCoherence: Double
    /// The side of the square window of the localisation.
    public let window: Int
    /// Each atom's shape, in order.
    public let shapes: [AtomShape]
    /// Medians over the atoms of the dictionary, then of the random baseline.
    public let medians: Medians, randomMedians: Medians

    /// Medians of the shape measures over a set of atoms.
    public struct Medians: Sendable {
        public let orientationShare: Double, localisation: Double, peakFrequency: Double

        init(_ shapes: [AtomShape]) {
            orientationShare = AtomShape.median(shapes.map(\.orientationShare))
            localisation = AtomShape.median(shapes.map(\.localisation))
            peakFrequency = AtomShape.median(shapes.map(\.peakFrequency))
        }
    }

    /// - Parameters:
    ///   - window: the localisation window's side; nil for `AtomShape.defaultWindow`.
    ///   - seed: the seed of the random baseline atoms.
    /// - Precondition: atoms ≥ 1 and features = height · width · channels.
    public init(dictionary: [Float], atoms: Int, height: Int, width: Int, channels: Int, window: Int?, seed: UInt64) {
        let features = height * width * channels
        var norms: [Double] = []
        for atom in 0..<atoms {
            norms.append(dictionary[(atom * features)..<((atom + 1) * features)].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
        }
        smallestNorm = norms.min()!
        largestNorm = norms.max()!
        mutualCoherence = SparseCoding.mutualCoherence(dictionary: dictionary, atoms: atoms, features: features)
        let side = window ?? AtomShape.defaultWindow(height: height, width: width)
        self.window = side
        shapes = atomShapes(dictionary: dictionary, atoms: atoms, height: height, width: width, channels: channels, window: side)
        let random = Self.randomUnitAtoms(atoms: atoms, features: features, seed: seed)
        medians = Medians(shapes)
        randomMedians = Medians(atomShapes(dictionary: random, atoms: atoms, height: height, width: width, channels: channels, window: side))
    }

    /// `atoms` Gaussian atoms of `features` values, each scaled to unit norm, from `seed`.
    public static func randomUnitAtoms(atoms: Int, features: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        var values: [Float] = []
        values.reserveCapacity(atoms * features)
        for _ in 0..<atoms {
            let atom = (0..<features).map { _ in generator.gaussian() }
            let norm = atom.reduce(0) { $0 + $1 * $1 }.squareRoot()
            values += atom.map { Float(norm > 0 ? $0 / norm : 0) }
        }
        return values
    }

    /// Degrees in [0, 180) as printed with two decimals (179.999 prints as 0.00, not 180.00).
    public static func degrees(_ radians: Double) -> Double {
        let value = radians * 180 / Double.pi
        return value >= 179.995 ? max(0, value - 180) : value
    }
}
