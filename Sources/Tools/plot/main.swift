// plot: columns of a CSV file, or the 1-D tensors of a stream, drawn as a PNG line chart.
import ImageIO
import Plotting
import TensorCore
import TensorStream
import ToolSupport

let description = ToolDescription(
    name: "plot",
    usage: "[options] [INPUT...]",
    summary: "Draw the columns of a CSV file, or the 1-D tensors of a stream, as a PNG line chart.",
    details: """
    INPUT is a CSV file with a header row, or a tensor stream (or .npy/.npz; told apart by the
    first bytes), - or nothing for stdin. Several inputs draw on one chart, their series named
    FILE:SERIES.
    CSV: x is the first column (a lone column is plotted against its row number), the series
    are every other numeric column. Empty, NA, nan and inf cells leave their point out and the
    line joins its neighbours (nan/inf are counted in a warning). A column with text in it is
    an error only when selected. Fields may be quoted; tabs separate when the header has no comma.
    Stream: each 1-D tensor [n] of each frame is a series against 0..n-1 (or --x TENSOR), each
    column j of a 2-D tensor [n, k] a series named NAME[:,j]; several frames add " (frame F)".
    Log axes: points <= 0 there are left out with a warning; a series with none left is an error.
    Styles: 8 colours, then the same colours dashed, dotted, dash-dotted; markers cycle circle,
    square, triangle, diamond. Text is drawn in printable ASCII (other characters show as ?).
    """,
    options: [
        Option("x", value: "NAME", default: "the first column; for a stream 0, 1, 2, ...", help: "the CSV column or 1-D tensor along x"),
        Option("y", value: "NAME[,NAME...]", default: "every other numeric column or 1-D/2-D tensor", help: "the CSV columns or tensors drawn as series"),
        Option("log-x", help: "logarithmic x axis (base 10, ticks at powers of ten)"),
        Option("log-y", help: "logarithmic y axis"),
        Option("title", value: "T", default: "none", help: "title above the chart"),
        Option("xlabel", value: "T", default: "the x column name; \"\" for none", help: "x axis label"),
        Option("ylabel", value: "T", default: "the series name when there is one series", help: "y axis label"),
        Option("size", value: "WxH", default: "800x500", help: "picture width and height in pixels, from 200x150; text grows with the size"),
        Option("xmin", value: "V", default: "a round number at or below the data", help: "x axis lower limit"),
        Option("xmax", value: "V", default: "a round number at or above the data", help: "x axis upper limit"),
        Option("ymin", value: "V", default: "a round number at or below the data", help: "y axis lower limit"),
        Option("ymax", value: "V", default: "a round number at or above the data", help: "y axis upper limit"),
        Option("markers", default: "on for series of at most 30 points", help: "mark every data point"),
        Option("no-markers", help: "mark no data point"),
        Option("legend", value: "POS", default: "auto: the emptiest corner, none for one series",
               help: "legend place: auto, upper-right, upper-left, lower-left, lower-right or none"),
    ],
    example: "plot curve.csv --log-y --title \"held-out error\" -o curve.png")

/// `--size WxH`, width first.
func pictureSize(_ arguments: Arguments) throws -> (width: Int, height: Int) {
    guard let text = arguments.string("size") else { return (800, 500) }
    let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
    guard parts.count == 2, let width = parts[0], let height = parts[1], (200...8192).contains(width), (150...8192).contains(height) else {
        throw UsageError("--size takes WxH pixels, width 200 to 8192 and height 150 to 8192 (e.g. 800x500), not '\(text)'")
    }
    return (width, height)
}

/// `--xmin`/`--xmax` (or y) as axis options, checked against each other and the scale.
func axisOptions(_ arguments: Arguments, _ axis: String, label: String?) throws -> AxisOptions {
    let log = arguments.has("log-\(axis)")
    let low = arguments.has("\(axis)min") ? try arguments.double("\(axis)min", default: 0) : nil
    let high = arguments.has("\(axis)max") ? try arguments.double("\(axis)max", default: 0) : nil
    if let low, let high, low >= high { throw UsageError("--\(axis)min \(low) must be below --\(axis)max \(high)") }
    for (name, limit) in [("\(axis)min", low), ("\(axis)max", high)] {
        if log, let limit, limit <= 0 { throw UsageError("--\(name) must be > 0 with --log-\(axis), not \(limit)") }
    }
    return AxisOptions(scale: log ? .log : .linear, min: low, max: high, label: label)
}

/// A comma-separated list of names, none of them empty.
func names(_ arguments: Arguments, _ option: String) throws -> [String]? {
    guard let text = arguments.string(option) else { return nil }
    let list = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard !list.contains(where: \.isEmpty) else { throw UsageError("--\(option) takes NAME[,NAME...] with no empty name, not '\(text)'") }
    return list
}

/// The series of one input: a stream (or .npy/.npz) when its first bytes say so, else CSV.
func readSeries(_ path: String, x: String?, y: [String]?) throws -> SeriesSet {
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

ToolRunner.run(description) { context in
    let arguments = context.arguments
    let size = try pictureSize(arguments)
    let legendName = try arguments.choice("legend", default: "auto", among: LegendPosition.allCases.map(\.rawValue))
    guard !(arguments.has("markers") && arguments.has("no-markers")) else {
        throw UsageError("--markers and --no-markers contradict each other")
    }
    var xAxis = try axisOptions(arguments, "x", label: arguments.string("xlabel"))
    var yAxis = try axisOptions(arguments, "y", label: arguments.string("ylabel"))
    let xName = try names(arguments, "x")
    guard (xName?.count ?? 1) == 1 else { throw UsageError("--x takes one name, not '\(arguments.string("x")!)'") }
    let yNames = try names(arguments, "y")

    let paths = context.inputPaths
    var series: [Series] = []
    var xLabel: String?
    for path in paths {
        let set = try readSeries(path, x: xName?.first, y: yNames)
        xLabel = xLabel ?? set.xName
        for note in set.notes { context.note("plot: warning: \(note)") }
        var file = path == "-" ? "stdin" : String(path.split(separator: "/").last ?? Substring(path))
        if let dot = file.lastIndex(of: "."), dot != file.startIndex { file = String(file[..<dot]) }
        series += set.series.map { paths.count > 1 ? Series(name: "\(file):\($0.name)", x: $0.x, y: $0.y) : $0 }
    }
    xAxis.label = xAxis.label ?? xLabel
    yAxis.label = yAxis.label ?? (series.count == 1 ? series[0].name : nil)

    let chart = Chart(series: series, title: arguments.string("title"), x: xAxis, y: yAxis, width: size.width, height: size.height,
                      markers: arguments.has("markers") ? .always : arguments.has("no-markers") ? .never : .auto,
                      legend: LegendPosition(rawValue: legendName)!)
    let rendered = try ChartRenderer.render(chart)
    for warning in rendered.warnings { context.note("plot: warning: \(warning)") }
    try context.output.sink().write(try encodePNG(rendered.image, name: context.output.path ?? "stdout"))
}
