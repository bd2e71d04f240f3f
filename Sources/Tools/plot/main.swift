// plot: columns of a CSV file, or the 1-D tensors of a stream, drawn as a PNG line chart.
import ImageIO
import Plotting
import ToolSupport

let xOption = OptionSpec<String>("x", value: "NAME", absent: "the first column; for a stream 0, 1, 2, ...", help: "the CSV column or 1-D tensor along x")
let yOption = OptionSpec<String>("y", value: "NAME[,NAME...]", absent: "every other numeric column or 1-D/2-D tensor", help: "the CSV columns or tensors drawn as series")
let logXFlag = Flag("log-x", help: "logarithmic x axis (base 10, ticks at powers of ten)")
let logYFlag = Flag("log-y", help: "logarithmic y axis")
let titleOption = OptionSpec<String>("title", value: "T", absent: "none", help: "title above the chart")
let xLabelOption = OptionSpec<String>("xlabel", value: "T", absent: "the x column name; \"\" for none", help: "x axis label")
let yLabelOption = OptionSpec<String>("ylabel", value: "T", absent: "the series name when there is one series", help: "y axis label")
let sizeOption = OptionSpec.chartSize(default: PictureSize(width: 800, height: 500))
let xMinOption = OptionSpec<Double>("xmin", value: "V", absent: "a round number at or below the data", help: "x axis lower limit")
let xMaxOption = OptionSpec<Double>("xmax", value: "V", absent: "a round number at or above the data", help: "x axis upper limit")
let yMinOption = OptionSpec<Double>("ymin", value: "V", absent: "a round number at or below the data", help: "y axis lower limit")
let yMaxOption = OptionSpec<Double>("ymax", value: "V", absent: "a round number at or above the data", help: "y axis upper limit")
let markersFlag = Flag("markers", absent: "on for series of at most 30 points", help: "mark every data point")
let noMarkersFlag = Flag("no-markers", help: "mark no data point")
let legendOption = OptionSpec<String>("legend", value: "POS", default: "auto", choices: LegendPosition.allCases.map(\.rawValue),
                                      help: "legend place: a corner inside the plot area, or right beside it; auto is the emptiest corner, or none for one series")

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
    options: [xOption, yOption, logXFlag, logYFlag, titleOption, xLabelOption, yLabelOption, sizeOption,
              xMinOption, xMaxOption, yMinOption, yMaxOption, markersFlag, noMarkersFlag, legendOption],
    example: "plot curve.csv --log-y --title \"held-out error\" -o curve.png")

/// `--xmin`/`--xmax` (or y) as axis options, checked against each other and the scale.
func axisOptions(_ context: ToolContext, _ axis: String, log logFlag: Flag, min minOption: OptionSpec<Double>, max maxOption: OptionSpec<Double>,
                 label: String?) throws -> AxisOptions {
    let log = context.has(logFlag)
    let low = context.given(minOption)
    let high = context.given(maxOption)
    if let low, let high, low >= high { throw UsageError("--\(axis)min \(low) must be below --\(axis)max \(high)") }
    for (name, limit) in [("\(axis)min", low), ("\(axis)max", high)] {
        if log, let limit, limit <= 0 { throw UsageError("--\(name) must be > 0 with --log-\(axis), not \(limit)") }
    }
    return AxisOptions(scale: log ? .log : .linear, min: low, max: high, label: label)
}

/// A comma-separated list of names, none of them empty.
func names(_ context: ToolContext, _ option: OptionSpec<String>) throws -> [String]? {
    guard let text = context.given(option) else { return nil }
    let list = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard !list.contains(where: \.isEmpty) else { throw UsageError("--\(option.name) takes NAME[,NAME...] with no empty name, not '\(text)'") }
    return list
}

ToolRunner.run(description) { context in
    let size = try context.value(sizeOption)
    guard let legend = LegendPosition(rawValue: try context.value(legendOption)) else { throw UsageError("unknown --legend") }
    guard !(context.has(markersFlag) && context.has(noMarkersFlag)) else {
        throw UsageError("--markers and --no-markers contradict each other")
    }
    var xAxis = try axisOptions(context, "x", log: logXFlag, min: xMinOption, max: xMaxOption, label: context.given(xLabelOption))
    var yAxis = try axisOptions(context, "y", log: logYFlag, min: yMinOption, max: yMaxOption, label: context.given(yLabelOption))
    let xName = try names(context, xOption)
    guard (xName?.count ?? 1) == 1 else { throw UsageError("--x takes one name, not '\(context.given(xOption)!)'") }
    let yNames = try names(context, yOption)

    let paths = context.inputPaths
    var series: [Series] = []
    var xLabel: String?
    for path in paths {
        let set = try SeriesSet.read(path: path, x: xName?.first, y: yNames)
        xLabel = xLabel ?? set.xName
        for note in set.notes { context.note("plot: warning: \(note)") }
        series += paths.count > 1 ? set.prefixed(byInput: path) : set.series
    }
    xAxis.label = xAxis.label ?? xLabel
    yAxis.label = yAxis.label ?? (series.count == 1 ? series[0].name : nil)

    let chart = Chart(series: series, title: context.given(titleOption), x: xAxis, y: yAxis, width: size.width, height: size.height,
                      markers: context.has(markersFlag) ? .always : context.has(noMarkersFlag) ? .never : .auto,
                      legend: legend)
    let rendered = try ChartRenderer.render(chart)
    for warning in rendered.warnings { context.note("plot: warning: \(warning)") }
    try context.output.sink().write(try encodePNG(rendered.image, name: context.output.path ?? "stdout"))
}
