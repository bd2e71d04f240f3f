// toy-data: seeded 2-D toy data (spiral, moons, rings) with labels, for energy pictures.
import TensorCore
import ToolSupport
import ToyData

let kindOption = OptionSpec<String>(
    "kind", value: "KIND", required: "which distribution to sample",
    help: "the distribution: spiral[:ARMS], moons or rings[:FACTOR]; required",
    accepted: "spiral or spiral:ARMS (ARMS from \(ToyKind.armRange.lowerBound) to \(ToyKind.armRange.upperBound); \(ToyKind.defaultArms) unless given), moons, rings or rings:FACTOR (0 < FACTOR < 1; \(ToyKind.defaultFactor) unless given)",
    outOfRange: ["circles", "spiral:1", "rings:1", "moons:2"], accepts: { ToyKind($0) != nil })
let countOption = OptionSpec<Int>("count", aliases: ["n-samples"], value: "N", required: "how many points to write",
                                  range: 1...10_000_000, help: "points to write, shared evenly among the classes; required")
let noiseOption = OptionSpec<Double>("noise", value: "S", default: 0, range: 0...1e6,
                                     help: "standard deviation of the Gaussian noise added to each coordinate")

let description = ToolDescription(
    name: "toy-data",
    usage: "--kind spiral[:ARMS]|moons|rings[:FACTOR] --count N [--noise S] [--seed S] [-o FILE]",
    summary: "Write seeded 2-D toy data with labels: an interleaved spiral, two moons, or two rings.",
    details: """
    Points on one curve per class, evenly spaced along it, the rows shuffled, then Gaussian
    noise of standard deviation S added to x and y (scikit-learn's make_moons and make_circles,
    whose formulas moons and rings follow):
      spiral:C  arm c of C (label c), s evenly spaced over [0, 1]: r = s, theta = 2 pi (c + 2s)/C,
                (x, y) = (r sin theta, r cos theta); each arm winds from the origin to radius 1
      moons     moon 0: (cos t, sin t); moon 1: (1 - cos t, 1 - sin t - 0.5); t evenly spaced
                over [0, pi], ends included
      rings:F   ring 0 of radius 1, ring 1 of radius F; angles 2 pi i/n, i = 0..n-1
    Class k of K gets floor(N(k+1)/K) - floor(Nk/K) points (for two classes N/2 rounded down,
    then the rest, as in scikit-learn).
    Writes one frame: data f32 [N, 2] (rows are points), labels i32 [N] (the arm, moon or
    ring), and attributes kind (spiral, moons, rings), noise, and arms or factor. Same
    arguments and seed, same bytes; the noise is drawn after the shuffle, so --noise 0 gives
    the clean curve point of each row.
    """,
    options: [kindOption, countOption, noiseOption, SharedOptions.seed],
    example: "toy-data --kind moons --count 1000 --noise 0.1 | scatter --labels labels -o moons.png")

ToolRunner.run(description) { context in
    guard context.arguments.positionals.isEmpty else {
        throw UsageError("toy-data reads no input; it takes no file \(context.arguments.positionals[0]) (see --help)")
    }
    let kind = ToyKind(try context.value(kindOption))!
    let count = try context.value(countOption)
    let noise = try context.value(noiseOption)
    let dataset = ToyDataset(curve: kind.curve, count: count, noise: noise, seed: try context.value(SharedOptions.seed))

    var frame = Frame()
    frame["data"] = Tensor(shape: [count, 2], floats: dataset.points)
    frame["labels"] = Tensor(shape: [count], ints: dataset.labels)
    frame.setAttribute("kind", .string(kind.name))
    frame.setAttribute("noise", .number(noise))
    switch kind {
    case .spiral(let arms): frame.setAttribute("arms", .number(Double(arms)))
    case .moons: break
    case .rings(let factor): frame.setAttribute("factor", .number(factor))
    }
    try context.write(frame)
}
