import TensorCore
import TensorStream

extension SeriesSet {
    /// The series of one input (`-` for stdin): a tensor stream, `.npy` or `.npz` when its first
    /// bytes say so (`TensorSeries`), else a CSV table (`CSVTable.series`).
    /// - Parameters:
    ///   - x: the column or 1-D tensor along x; nil for the default.
    ///   - y: the columns or tensors drawn; nil for all.
    public static func read(path: String, x: String?, y: [String]?) throws -> SeriesSet {
        let source = try ByteSource(path: path)
        let head = try source.peek(8)
        var frames: [Frame] = []
        if head.starts(with: Array("LPTS".utf8)) {
            let reader = FrameReader(source: source)
            while let frame = try reader.next() { frames.append(frame) }
        } else if head.starts(with: NPY.magic) {
            var frame = Frame()
            frame["data"] = try NPY.decode(try source.readAll(limit: TensorInput.maxNumpyBytes)[...], source: source.name)
            frames.append(frame)
        } else if head.starts(with: NPZ.magic) {
            frames.append(try NPZ.decode(try source.readAll(limit: TensorInput.maxNumpyBytes), source: source.name))
        } else {
            let table = try CSVTable(bytes: try source.readAll(limit: 1 << 30), source: source.name)
            return try table.series(x: x, y: y)
        }
        return try TensorSeries.extract(from: frames, source: source.name, x: x, y: y)
    }

    /// The series renamed `STEM:NAME` after the input's file name without directory and
    /// extension (`stdin` for `-`), to tell inputs apart on one chart.
    public func prefixed(byInput path: String) -> [Series] {
        var stem = path == "-" ? "stdin" : String(path.split(separator: "/").last ?? Substring(path))
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = String(stem[..<dot]) }
        return series.map { Series(name: "\(stem):\($0.name)", x: $0.x, y: $0.y) }
    }
}
