#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TensorCore

/// Which tensors of each frame a scatter chart draws.
public struct ScatterTensors: Sendable, Equatable {
    /// `[N, k]`, k >= 2: columns 0 and 1 are x and y.
    public var points: String
    /// `[N]` or `[N, 1]` whole numbers (any dtype), the classes.
    public var labels: String?
    /// `[N, k]`, k >= 2: log σ² along x and y (a VAE encoder's `logvar`); σ = exp(½ logvar).
    public var logVariance: String?
    /// `[N, k]`, k >= 2: σ along x and y, >= 0. At most one of `logVariance` and this.
    public var standardDeviation: String?

    public init(points: String = "data", labels: String? = nil, logVariance: String? = nil, standardDeviation: String? = nil) {
        precondition(logVariance == nil || standardDeviation == nil, "one of logvar and sd")
        self.points = points
        self.labels = labels
        self.logVariance = logVariance
        self.standardDeviation = standardDeviation
    }
}

extension ScatterData {
    /// No points yet, with the arrays `tensors` fills.
    public static func empty(drawing tensors: ScatterTensors) -> ScatterData {
        let spread = tensors.logVariance != nil || tensors.standardDeviation != nil
        return ScatterData(x: [], y: [], classes: tensors.labels.map { _ in [] }, spreadX: spread ? [] : nil, spreadY: spread ? [] : nil)
    }

    /// Appends the rows of `frame` (number `number` through every input, from 1): its points,
    /// and their labels and spreads when `tensors` names them.
    /// - Throws: `ScatterInputError`: a named tensor missing, of the wrong rank or width, with
    ///   another row count than the points, a NaN or infinity in any of them, a label
    ///   that is not a whole number, a negative standard deviation, a logvar whose σ overflows.
    public mutating func append(_ frame: Frame, number: Int, tensors: ScatterTensors) throws {
        let available = frame.tensors.map(\.name)
        func tensor(_ name: String, _ role: String, _ option: String) throws -> Tensor {
            guard let found = frame[name] else {
                throw ScatterInputError.missingTensor(frame: number, name: name, role: role, option: option, available: available)
            }
            return found
        }
        func twoColumns(_ name: String, _ role: String, _ option: String) throws -> (first: [Double], second: [Double]) {
            let found = try tensor(name, role, option)
            guard found.rank == 2, found.shape[1] >= 2 else {
                throw ScatterInputError.badShape(frame: number, name: name,
                                                 detail: "has shape \(found.shape); the \(role) need [rows, 2] or more columns (0 and 1 are used)")
            }
            let columns = found.shape[1], values = found.doubles
            // Every column is checked, not only the two drawn: a NaN anywhere means a broken row.
            if let index = found.firstNonFinite {
                throw ScatterInputError.nonFinite(frame: number, name: name, row: index / columns, value: values[index])
            }
            let rows = 0..<found.shape[0]
            return (rows.map { values[$0 * columns] }, rows.map { values[$0 * columns + 1] })
        }
        func sameRows(_ name: String, _ rows: Int, _ pointRows: Int) throws {
            guard rows == pointRows else {
                throw ScatterInputError.rowsDisagree(frame: number, name: name, rows: rows, points: tensors.points, pointRows: pointRows)
            }
        }

        let points = try twoColumns(tensors.points, "points", "points")
        let rows = points.first.count
        var labels: [Int]?
        if let name = tensors.labels {
            let found = try tensor(name, "labels", "labels")
            guard found.rank == 1 || (found.rank == 2 && found.shape[1] == 1) else {
                throw ScatterInputError.badShape(frame: number, name: name, detail: "has shape \(found.shape); the labels need [rows] or [rows, 1]")
            }
            try sameRows(name, found.shape[0], rows)
            labels = try found.doubles.enumerated().map { row, value in
                guard value.isFinite else { throw ScatterInputError.nonFinite(frame: number, name: name, row: row, value: value) }
                guard value == value.rounded(), abs(value) < 2_147_483_648 else {
                    throw ScatterInputError.notInteger(frame: number, name: name, row: row, value: value)
                }
                return Int(value)
            }
        }
        var spread: (first: [Double], second: [Double])?
        if let name = tensors.logVariance {
            let logVariance = try twoColumns(name, "log-variances", "logvar")
            try sameRows(name, logVariance.first.count, rows)
            let sigmas = (logVariance.first.map { exp(0.5 * $0) }, logVariance.second.map { exp(0.5 * $0) })
            for (row, (a, b)) in zip(sigmas.0, sigmas.1).enumerated() where !a.isFinite || !b.isFinite {
                let value = a.isFinite ? logVariance.second[row] : logVariance.first[row]
                throw ScatterInputError.badShape(frame: number, name: name, detail: "row \(row): logvar \(value) makes exp(logvar / 2) overflow")
            }
            spread = sigmas
        } else if let name = tensors.standardDeviation {
            let sd = try twoColumns(name, "standard deviations", "sd")
            try sameRows(name, sd.first.count, rows)
            for (row, (a, b)) in zip(sd.first, sd.second).enumerated() where a < 0 || b < 0 {
                throw ScatterInputError.negativeSpread(frame: number, name: name, row: row, value: min(a, b))
            }
            spread = sd
        }

        x += points.first
        y += points.second
        if let labels { classes! += labels }
        if let spread {
            spreadX! += spread.first
            spreadY! += spread.second
        }
    }
}
