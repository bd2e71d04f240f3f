// rbm-sample: samples of a trained RBM by block Gibbs sampling, as rows montage can draw.
import EnergyModels
import ModelFiles
import TensorCore
import ToolSupport

let modelOption = OptionSpec<String>("model", value: "MODEL", required: "the RBM to sample", help: "an RBM written by rbm-train; required")
let stepsOption = OptionSpec<Int>("steps", value: "T", default: 1000, range: 1...10_000_000, help: "block Gibbs steps (h ~ p(h|v), v ~ p(v|h)) per chain")
let countOption = OptionSpec<Int>("count", value: "N", default: 64, range: 1...1_000_000, help: "chains, each started at a uniform random binary row")
let fromChainsFlag = Flag("from-chains", help: "continue the model's persistent chains (rbm-train's PCD particles) instead of --count fresh chains")

let description = ToolDescription(
    name: "rbm-sample",
    usage: "--model MODEL [--steps T] [--count N | --from-chains] [--seed S] [options]",
    summary: "Draw samples from a trained restricted Boltzmann machine by block Gibbs sampling.",
    details: """
    Runs --count Gibbs chains of the RBM, each started at a random binary row (every unit on
    with probability 1/2), for --steps steps of h ~ p(h = 1 | v) = sigmoid(v W + c) then
    v ~ p(v = 1 | h) = sigmoid(h W^T + b) (Gaussian visible units: v ~ N(h W^T + b, I));
    with --from-chains, continues instead the model's
    persistent chains (the fantasy particles persistent CD left, one per chain, from their
    saved hidden states). Long chains show what the model believes the data look like (its
    low-energy states); short ones from random rows show how far mixing has got.

    Writes one frame: data [N, visible], the last step's mean-field pictures E[v | h] (smooth:
    p(v = 1 | h) in [0, 1], or the Gaussian's means), states [N, visible], the visible samples
    drawn from them, and
    the model's row attributes (patch_height, patch_width, channels) so that montage draws the
    rows as images. Random numbers come from --seed. Same model and seed, same bytes out.
    """,
    options: [modelOption, stepsOption, countOption, fromChainsFlag, SharedOptions.seed],
    example: "rbm-sample --model rbm.lpt --steps 1000 --count 100 | montage --cols 10 -o samples.png")

/// The most values one run holds: 2^28 floats, 1 GiB.
let maxValues = 1 << 28

ToolRunner.run(description) { context in
    guard context.arguments.positionals.isEmpty else { throw UsageError("rbm-sample reads no input (the samples come from --model)") }
    if context.has(fromChainsFlag) && context.has(countOption) { throw UsageError("--from-chains continues the model's chains: give it without --count") }
    let model = try RBMModel.read(path: try context.value(modelOption))
    let machine = model.machine
    let steps = try context.value(stepsOption)
    var generator = SeededGenerator(seed: try context.value(SharedOptions.seed))
    let rows: Int, pictures: [Float], states: [Float]
    if context.has(fromChainsFlag) {
        guard var chains = model.chains else {
            throw ToolFailure("\(model.path) holds no persistent chains (it was trained by \(model.frame.attribute("method")?.string ?? "CD-k")); sample with --count N instead")
        }
        _ = chains.advance(under: machine, steps: steps, generator: &generator)
        rows = chains.count
        pictures = chains.visibleMeans(under: machine)
        states = machine.visibleUnits.sample(means: pictures, generator: &generator)
    } else {
        rows = try context.value(countOption)
        guard rows <= maxValues / machine.visible else { throw ToolFailure("\(rows) rows of \(machine.visible) values are more than the \(maxValues) rbm-sample holds; sample fewer") }
        (states, pictures) = machine.sample(count: rows, steps: steps, generator: &generator)
    }
    var frame = Frame()
    frame["data"] = Tensor(shape: [rows, machine.visible], floats: pictures)
    frame["states"] = Tensor(shape: [rows, machine.visible], floats: states)
    for key in DictionaryModel.rowAttributes {
        if let value = model.frame.attribute(key) { frame.setAttribute(key, value) }
    }
    try context.write(frame)
}
