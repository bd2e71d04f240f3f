// energy-map: a learned energy evaluated on a 2-D grid, drawn as a heat map with points over it.
import ImageIO
import ModelFiles
import Plotting
import TensorCore
import ToolSupport

let modelOption = OptionSpec<String>("model", value: "MODEL", required: "the energy to draw", help: "an energy of 2-D points written by ebm-train, a denoising auto-encoder of dae-train or an RBM of rbm-train; required")
let labelsOption = OptionSpec<String>("labels", value: "NAME", absent: "none: one colour", help: "the [N] tensor of whole-number classes that colours the points")
let gridOption = OptionSpec<Int>("grid", value: "N", default: 200, range: 2...4096, help: "cells along each axis of the evaluated grid")
let titleOption = OptionSpec<String>("title", value: "T", absent: "none", help: "title above the chart")
let sizeOption = OptionSpec.chartSize(default: PictureSize(width: 800, height: 640))
let xMinOption = OptionSpec<Double>("xmin", value: "V", absent: "the points' extent widened by a tenth", help: "grid's x lower limit")
let xMaxOption = OptionSpec<Double>("xmax", value: "V", absent: "the points' extent widened by a tenth", help: "grid's x upper limit")
let yMinOption = OptionSpec<Double>("ymin", value: "V", absent: "the points' extent widened by a tenth", help: "grid's y lower limit")
let yMaxOption = OptionSpec<Double>("ymax", value: "V", absent: "the points' extent widened by a tenth", help: "grid's y upper limit")
let vMinOption = OptionSpec<Double>("vmin", value: "E", absent: "the grid's lowest energy", help: "energy at the colour map's dark end (lower energies take its colour)")
let vMaxOption = OptionSpec<Double>("vmax", value: "E", absent: "the grid's highest energy", help: "energy at the colour map's bright end (higher energies take its colour): show the structure near the data")

let description = ToolDescription(
    name: "energy-map",
    usage: "--model MODEL [options] [POINTS...]",
    summary: "Draw a learned energy E(y) on a 2-D grid as a heat map, with points (the training data) over it.",
    details: """
    Evaluates the model's energy (ebm-train's MLP energy, a dae-train auto-encoder's
    reconstruction error, or an rbm-train machine's free energy) at the centre of every cell of a N x N grid over the points' extent
    widened by a tenth on every side (or --xmin ... --ymax) and draws it as
    a viridis colour map, low energy dark, high energy yellow, with a colour bar of the
    values. The points of POINTS (data [N, 2] of every frame; a stream, - for stdin) are
    drawn over it, coloured by --labels (at least one point). Writes a PNG (-o FILE or stdout). Prints the mean
    energy over the grid and at the points on stderr with --progress.
    """,
    options: [modelOption, labelsOption, gridOption, titleOption, sizeOption, xMinOption, xMaxOption, yMinOption, yMaxOption, vMinOption, vMaxOption],
    example: "energy-map --model energy.lpt --labels labels -o map.png train.lpt")

ToolRunner.run(description) { context in
    let size = try context.value(sizeOption), n = try context.value(gridOption)
    let model = try PointEnergyModel.read(path: try context.value(modelOption))
    guard model.inputs == 2 else { throw ToolFailure("\(model.path) is an energy on \(model.inputs)-D points; energy-map draws 2-D ones") }
    let tensors = ScatterTensors(points: "data", labels: context.given(labelsOption), logVariance: nil, standardDeviation: nil)
    var points = ScatterData.empty(drawing: tensors)
    var frames = 0
    try context.forEachFrame { frame in
        frames += 1
        if let data = frame["data"], data.rank == 2, data.shape[1] != 2 {
            throw ToolFailure("frame \(frames): points of \(data.shape[1]) values, but the energy is on 2-D points; give its training points")
        }
        try points.append(frame, number: frames, tensors: tensors)
    }
    guard points.count > 0 else { throw ToolFailure("the input holds no points to draw; give the training points (toy-data makes some)") }
    func limits(_ low: OptionSpec<Double>, _ high: OptionSpec<Double>, _ values: [Double], _ name: String) throws -> (lower: Double, upper: Double) {
        let margin = max(values.max()! - values.min()!, 1e-3) / 10
        let range = (context.given(low) ?? values.min()! - margin, context.given(high) ?? values.max()! + margin)
        guard range.0 < range.1 else { throw UsageError("--\(name)min \(range.0) must be below --\(name)max \(range.1)") }
        return range
    }
    let x = try limits(xMinOption, xMaxOption, points.x, "x"), y = try limits(yMinOption, yMaxOption, points.y, "y")
    var grid = [Float]()
    grid.reserveCapacity(2 * n * n)
    for row in 0..<n {
        for column in 0..<n {
            grid.append(Float(x.lower + (Double(column) + 0.5) / Double(n) * (x.upper - x.lower)))
            grid.append(Float(y.lower + (Double(row) + 0.5) / Double(n) * (y.upper - y.lower)))
        }
    }
    let energies = try model.energies(grid, rows: n * n)
    let finite = energies.filter(\.isFinite)
    let valueLimits = (context.given(vMinOption) ?? finite.min() ?? 0, context.given(vMaxOption) ?? finite.max() ?? 1)
    guard valueLimits.0 < valueLimits.1 || !(context.has(vMinOption) || context.has(vMaxOption)) else {
        throw UsageError("--vmin \(valueLimits.0) must be below --vmax \(valueLimits.1)")
    }
    let chart = HeatMapChart(values: energies, rows: n, columns: n, xRange: x, yRange: y, points: points,
                             title: context.given(titleOption), xLabel: "y[0]", yLabel: "y[1]", valueLabel: "E",
                             valueLimits: context.has(vMinOption) || context.has(vMaxOption) ? valueLimits : nil, width: size.width, height: size.height)
    let rendered = try HeatMapRenderer.render(chart)
    for warning in rendered.warnings { context.note("energy-map: warning: \(warning)") }
    if context.showsProgress {
        let atPoints = try model.energies(zip(points.x, points.y).flatMap { [Float($0), Float($1)] }, rows: points.count)
        context.note("energy-map: mean E over the grid \(format(finite.reduce(0, +) / Double(max(finite.count, 1)))), at the \(points.count) points \(format(atPoints.reduce(0, +) / Double(points.count)))")
    }
    try context.output.sink().write(try encodePNG(rendered.image, name: context.output.path ?? "stdout"))
}
