import TensorCore

/// What encoding did with one image or with several, whole or in tiles: the totals a tool
/// reports.
public struct CSCCodingSummary: Sendable {
    /// The energy of the maps and its parts, summed over the images.
    public var energy: CSCEnergy
    public var nonZeros: Int
    /// Map values written (non-zero or not).
    public var coefficients: Int
    /// Solver iterations (for a tiled image: the most a tile took), summed over the images.
    public var iterations: Int
    /// Images, or tiles, that stopped at the iteration limit.
    public var unconverged: Int
    public var tiles: Int

    /// Nothing encoded yet, at `lambda`.
    public init(lambda: Double) {
        self.init(energy: CSCEnergy(dataTerm: 0, l1Norm: 0, lambda: lambda), nonZeros: 0, coefficients: 0,
                  iterations: 0, unconverged: 0, tiles: 0)
    }

    /// One image encoded whole.
    public init(_ result: CSCEncodeResult) {
        self.init(energy: result.energy, nonZeros: result.nonZeros, coefficients: result.maps.values.count,
                  iterations: result.iterations, unconverged: result.stopReason == .maxIterations ? 1 : 0, tiles: 1)
    }

    /// One image encoded in tiles, its maps `coefficients` values.
    public init(_ summary: CSCTiledSummary, coefficients: Int) {
        self.init(energy: summary.energy, nonZeros: summary.nonZeros, coefficients: coefficients,
                  iterations: summary.maxIterations, unconverged: summary.unconvergedTiles, tiles: summary.tiles)
    }

    init(energy: CSCEnergy, nonZeros: Int, coefficients: Int, iterations: Int, unconverged: Int, tiles: Int) {
        (self.energy, self.nonZeros, self.coefficients) = (energy, nonZeros, coefficients)
        (self.iterations, self.unconverged, self.tiles) = (iterations, unconverged, tiles)
    }

    /// The share of the map values that are not zero.
    public var density: Double { Double(nonZeros) / Double(max(1, coefficients)) }

    /// Adds `other`'s energy parts and counts to these.
    public mutating func add(_ other: CSCCodingSummary) {
        energy.dataTerm += other.energy.dataTerm
        energy.l1Norm += other.energy.l1Norm
        nonZeros += other.nonZeros
        coefficients += other.coefficients
        iterations += other.iterations
        unconverged += other.unconverged
        tiles += other.tiles
    }
}

extension CSCCodingSummary {
    /// Maps `maps` of `image` predicted in one go (a trained encoder: no iterations), their
    /// energy measured against `kernels` at `lambda`.
    public init(predicted maps: PlaneStack, of image: PlaneStack, kernels: ConvolutionKernels, lambda: Double) throws {
        let energy = try ConvolutionOperator(kernels: kernels, height: image.height, width: image.width)
            .energy(image: image, maps: maps, lambda: Float(lambda))
        let nonZeros = maps.values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        self.init(energy: energy, nonZeros: nonZeros, coefficients: maps.values.count, iterations: 0, unconverged: 0, tiles: 1)
    }
}

extension CSCCodingSummary {
    /// "energy E (data D + lambda x l1 L), non-zeros N of C (P%)": one image's line of a report.
    public var imageTerms: String {
        "energy \(format(energy.total)) (data \(format(energy.dataTerm)) + lambda x l1 \(format(energy.l1Norm))), "
            + "non-zeros \(nonZeros) of \(coefficients) (\(format(100 * density, "%.2f"))%)"
    }

    /// "energy E (1/2||Y - sum K*Z||^2 + lambda sum ||Z||_1), non-zeros P%": the totals of a run.
    public var totalTerms: String {
        "energy \(format(energy.total)) (1/2||Y - sum K*Z||^2 + lambda sum ||Z||_1), non-zeros \(format(100 * density, "%.2f"))%"
    }
}
