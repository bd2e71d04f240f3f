// scatter: 2-D points of a stream (a VAE's latent means) coloured by class, with their 1-σ
// ellipses, drawn as a PNG.
import ImageIO
import Plotting
import TensorCore
import ToolSupport

let pointsOption = OptionSpec<String>("points", value: "NAME", default: "data", help: "the [N, k] tensor (k >= 2) whose columns 0 and 1 are x and y")
let labelsOption = OptionSpec<String>("labels", value: "NAME", absent: "none: one colour, no legend of classes",
                                      help: "the [N] tensor of whole-number classes that colours the points")
let logVarianceOption = OptionSpec<String>("logvar", value: "NAME", absent: "none: no ellipses",
                                           help: "the [N, k] tensor of log variances; ellipse semi-axes sigma = exp(logvar / 2) of columns 0 and 1")
let standardDeviationOption = OptionSpec<String>("sd", value: "NAME", absent: "none", help: "the [N, k] tensor of standard deviations (>= 0), in place of --logvar")
let priorFlag = Flag("prior", help: "draw the N(0, I) prior's 1-sd and 2-sd circles (radius 1 and 2, dashed)")
let titleOption = OptionSpec<String>("title", value: "T", absent: "none", help: "title above the chart")
let xLabelOption = OptionSpec<String>("xlabel", value: "T", absent: "the points NAME[:,0]; \"\" for none", help: "x axis label")
let yLabelOption = OptionSpec<String>("ylabel", value: "T", absent: "the points NAME[:,1]; \"\" for none", help: "y axis label")
let sizeOption = OptionSpec.chartSize(default: PictureSize(width: 960, height: 720))
let xMinOption = OptionSpec<Double>("xmin", value: "V", absent: "a round number below the points and ellipses", help: "x axis lower limit")
let xMaxOption = OptionSpec<Double>("xmax", value: "V", absent: "a round number above them", help: "x axis upper limit")
let yMinOption = OptionSpec<Double>("ymin", value: "V", absent: "a round number below them", help: "y axis lower limit")
let yMaxOption = OptionSpec<Double>("ymax", value: "V", absent: "a round number above them", help: "y axis upper limit")
let legendOption = OptionSpec<String>("legend", value: "POS", default: "right", choices: LegendPosition.allCases.map(\.rawValue),
                                      help: "legend place: right of the plot area, or a corner inside it (auto: the one covering the fewest points)")
let maxPointsOption = OptionSpec<Int>("max-points", value: "N", absent: "every point", range: 1...100_000_000,
                                      help: "draw at most N points, taken evenly through the rows")

let description = ToolDescription(
    name: "scatter",
    usage: "[options] [INPUT...]",
    summary: "Draw 2-D points coloured by class, with their 1-sd ellipses, as a PNG scatter chart.",
    details: """
    INPUT is a tensor stream (or .npy/.npz), - or nothing for stdin. The rows of every frame of
    every input are drawn together; each frame must hold the tensors named, with as many rows as
    the points. The picture of a VAE's "fuzzy balls": the latent means of held-out rows
    (vae-encode's data = mu) with axis-aligned ellipses of semi-axes sigma = exp(logvar / 2),
    coloured by their labels.
    Colours: matplotlib's tab10 for classes 0-9 (a class's colour is its label mod 10); one
    colour without --labels. Ellipses are drawn faint with a thin edge, the points on top.
    Fix --xmin/--xmax/--ymin/--ymax to compare pictures (beta = 0, 1, 4) on one scale; points
    outside the limits are left out with a warning.
    Refused: a missing tensor, shapes that disagree, nan or inf, labels that are not whole
    numbers, negative standard deviations, an empty stream.
    """,
    options: [pointsOption, labelsOption, logVarianceOption, standardDeviationOption, priorFlag, titleOption, xLabelOption,
              yLabelOption, sizeOption, xMinOption, xMaxOption, yMinOption, yMaxOption, legendOption, maxPointsOption],
    example: "vae-encode --model vae.lpt test.lpt | scatter --labels labels --logvar logvar --prior -o balls.png")

/// `--xmin`/`--xmax` (or y) as linear axis options, the lower below the upper.
func axisOptions(_ context: ToolContext, _ axis: String, _ minOption: OptionSpec<Double>, _ maxOption: OptionSpec<Double>,
                 label: String) throws -> AxisOptions {
    let low = context.given(minOption), high = context.given(maxOption)
    if let low, let high, low >= high { throw UsageError("--\(axis)min \(low) must be below --\(axis)max \(high)") }
    return AxisOptions(min: low, max: high, label: label)
}

ToolRunner.run(description) { context in
    let size = try context.value(sizeOption)
    guard let legend = LegendPosition(rawValue: try context.value(legendOption)) else { throw UsageError("unknown --legend") }
    if context.has(logVarianceOption) && context.has(standardDeviationOption) {
        throw UsageError("--logvar and --sd both give the ellipses; give one")
    }
    let tensors = ScatterTensors(points: try context.value(pointsOption), labels: context.given(labelsOption),
                                 logVariance: context.given(logVarianceOption), standardDeviation: context.given(standardDeviationOption))
    let xAxis = try axisOptions(context, "x", xMinOption, xMaxOption, label: context.given(xLabelOption) ?? "\(tensors.points)[:,0]")
    let yAxis = try axisOptions(context, "y", yMinOption, yMaxOption, label: context.given(yLabelOption) ?? "\(tensors.points)[:,1]")

    var data = ScatterData.empty(drawing: tensors)
    var frames = 0
    try context.forEachFrame { frame in
        frames += 1
        try data.append(frame, number: frames, tensors: tensors)
    }
    guard data.count > 0 else { throw ScatterInputError.noPoints(frames: frames) }
    if let limit = context.given(maxPointsOption) { data = data.thinned(to: limit) }

    let chart = ScatterChart(data: data, title: context.given(titleOption), x: xAxis, y: yAxis, width: size.width, height: size.height,
                             prior: context.has(priorFlag), legend: legend)
    let rendered = try ScatterRenderer.render(chart)
    for warning in rendered.warnings { context.note("scatter: warning: \(warning)") }
    try context.output.sink().write(try encodePNG(rendered.image, name: context.output.path ?? "stdout"))
}
