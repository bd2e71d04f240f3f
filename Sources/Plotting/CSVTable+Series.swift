/// What a CSV cell holds, as a number.
public enum CellValue: Sendable, Equatable {
    case number(Double)
    /// Empty, or `NA`.
    case missing
    /// `nan`, `inf`, `-inf`, `infinity` (any case), or a number too large for a double.
    case nonFinite
    /// Anything else.
    case text

    public init(_ cell: String) {
        switch cell.lowercased() {
        case "", "na": self = .missing
        case "nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity": self = .nonFinite
        default:
            // Decimal numbers only: no hexadecimal floats, no spaces.
            guard cell.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2B || $0 == 0x2D || $0 == 0x65 || $0 == 0x45 }),
                  let value = Double(cell) else { self = .text; return }
            self = value.isFinite ? .number(value) : .nonFinite
        }
    }

    /// The number, NaN for missing and non-finite cells, nil for text.
    public var numeric: Double? {
        switch self {
        case .number(let v): return v
        case .missing, .nonFinite: return .nan
        case .text: return nil
        }
    }
}

extension CSVTable {
    /// True when every cell of column `index` is a number, missing or non-finite.
    public func isNumeric(_ index: Int) -> Bool {
        rows.allSatisfy { CellValue($0[index]) != .text }
    }

    /// Column `index` as numbers, NaN where a cell is missing or non-finite, and the count of
    /// non-finite cells. Throws `PlotInputError.notNumeric` (ending in `hint`) at the first text cell.
    public func numbers(_ index: Int, hint: String) throws -> (values: [Double], nonFinite: Int) {
        var values: [Double] = []
        values.reserveCapacity(rows.count)
        var nonFinite = 0
        for (row, line) in zip(rows, lines) {
            let cell = CellValue(row[index])
            guard let value = cell.numeric else {
                throw PlotInputError.notNumeric(source: source, column: header[index], line: line, text: row[index], hint: hint)
            }
            if cell == .nonFinite { nonFinite += 1 }
            values.append(value)
        }
        return (values, nonFinite)
    }

    /// The series to plot: column `x` (default: the first; with a single column, the row
    /// number from 0, named `row`) against each column in `y` (default: every other numeric
    /// column, in order; text columns are passed over with a note).
    ///
    /// A row with a missing or non-finite x or y leaves that point out, and the line joins
    /// its neighbours; non-finite cells are counted in `notes`.
    /// - Throws: `PlotInputError` `.unknownName` (listing the columns), `.notNumeric` (a
    ///   selected column with text), `.noNumericColumns`.
    public func series(x xName: String? = nil, y yNames: [String]? = nil) throws -> SeriesSet {
        func index(_ name: String, _ flag: String) throws -> Int {
            guard let i = column(named: name) else {
                throw PlotInputError.unknownName(source: source, kind: "column", name: name, available: header)
            }
            return i
        }
        var notes: [String] = []
        let xIndex: Int? = try xName.map { try index($0, "--x") } ?? (header.count == 1 ? nil : 0)
        let xValues: [Double]
        if let xIndex {
            let (values, nonFinite) = try numbers(xIndex, hint: xName == nil ? "choose the x column with --x" : "choose another x column")
            xValues = values
            if nonFinite > 0 { notes.append("column '\(header[xIndex])': \(nonFinite) nan/inf value\(nonFinite == 1 ? "" : "s") left out") }
        } else {
            xValues = rows.indices.map(Double.init)
        }
        var yIndices: [Int] = []
        if let yNames {
            yIndices = try yNames.map { try index($0, "--y") }
        } else {
            for i in header.indices where i != xIndex {
                if isNumeric(i) { yIndices.append(i) } else { notes.append("column '\(header[i])' is not numeric; left out") }
            }
            guard !yIndices.isEmpty else { throw PlotInputError.noNumericColumns(source: source, columns: header) }
        }
        var series: [Series] = []
        for i in yIndices {
            let (values, nonFinite) = try numbers(i, hint: "leave it out of --y")
            if nonFinite > 0 { notes.append("column '\(header[i])': \(nonFinite) nan/inf value\(nonFinite == 1 ? "" : "s") left out") }
            var xs: [Double] = [], ys: [Double] = []
            for (x, y) in zip(xValues, values) where x.isFinite && y.isFinite {
                xs.append(x)
                ys.append(y)
            }
            if xs.isEmpty { throw PlotError.noPoints(series: header[i]) }
            series.append(Series(name: header[i], x: xs, y: ys))
        }
        return SeriesSet(xName: xIndex.map { header[$0] } ?? "row", series: series, notes: notes)
    }
}
