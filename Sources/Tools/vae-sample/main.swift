// vae-sample: decode latents with a trained VAE: prior samples, a 2-D grid, or given codes.
import ModelFiles
import TensorCore
import TensorStream
import ToolSupport
import VariationalCoding

let modelOption = OptionSpec<String>("model", value: "MODEL", required: "the VAE whose decoder draws the rows", help: "a VAE written by vae-train; required")
let countOption = OptionSpec<Int>("count", value: "N", default: 64, range: 1...1_000_000, help: "samples z ~ N(0, I) to decode")
let gridOption = OptionSpec<Int>("grid", value: "N", absent: "none", range: 2...1000,
                                 help: "decode an N x N grid of latents instead (latent 2 only): rows from z2 = +R down to -R, columns from z1 = -R to +R")
let rangeOption = OptionSpec<Double>("range", value: "R", absent: "3, with --grid", range: 1e-6...1e6, help: "the grid covers [-R, R] in both latent dimensions")
let fromOption = OptionSpec<String>("from", value: "FILE", help: "decode the data rows of FILE as latents [rows, D] (vae-encode's output, or written by hand)")
let interpolateOption = OptionSpec<Int>("interpolate", value: "K", absent: "none", range: 2...100_000,
                                        help: "with --from: K evenly spaced latents from each row to the next, both ends included ((rows - 1)(K - 1) + 1 in all)")

let description = ToolDescription(
    name: "vae-sample",
    usage: "--model MODEL [--count N | --grid N [--range R] | --from FILE [--interpolate K]] [options]",
    summary: "Decode latent codes with a trained variational auto-encoder: samples from the prior, a grid over a 2-D latent, or given codes.",
    details: """
    The VAE's decoder maps a latent z [D] to the mean of p(x|z): probabilities sigmoid(l) for a
    Bernoulli model (values in [0, 1]), the mean for a Gaussian one. The latents are, by
    default, --count samples from the prior N(0, I) drawn from --seed; with --grid N, the N x N
    points of a regular grid over [-R, R]^2 (a 2-D latent only), row by row from the top
    (z2 = +R) and each row from the left (z1 = -R), the manifold map that montage --cols N
    draws; with --from FILE, the data rows of FILE (every frame, [rows, D]); and with
    --interpolate K, K evenly spaced points on the segment from each of those rows to the
    next (the first and last are the rows themselves).

    Writes one frame: data [N, features], the decoded means (rows are samples), latent [N, D],
    the latents decoded, and the model's row attributes (patch_height, patch_width, channels)
    so that montage draws the rows as images. Same model and seed, same bytes out.
    """,
    options: [modelOption, countOption, SharedOptions.seed, gridOption, rangeOption, fromOption, interpolateOption],
    example: "vae-sample --model vae.lpt --grid 15 --range 3 | montage --cols 15 -o manifold.png")

/// The most values (latents or decoded) one run decodes: 2^28 floats, 1 GiB.
let maxValues = 1 << 28

ToolRunner.run(description) { context in
    guard context.arguments.positionals.isEmpty else { throw UsageError("vae-sample reads no input (give latents to decode with --from FILE)") }
    let grid = context.given(gridOption)
    if grid != nil && (context.has(countOption) || context.has(fromOption)) { throw UsageError("--grid decodes a grid: give it without --count and --from") }
    if context.has(rangeOption) && grid == nil { throw UsageError("--range is the extent of --grid; give --grid N with it") }
    if context.has(fromOption) && context.has(countOption) { throw UsageError("--from decodes the rows of a file: give it without --count") }
    if context.has(interpolateOption) && !context.has(fromOption) { throw UsageError("--interpolate K needs --from FILE (the latents to interpolate between)") }
    let model = try VAEModel.read(path: try context.value(modelOption))
    let vae = model.autoEncoder
    let latent = vae.architecture.latent
    /// Fails before decoding more values than the tool holds (rows × the wider of the two).
    func requireRoom(_ rows: Int) throws {
        let width = max(latent, vae.architecture.features)
        guard rows <= maxValues / width else { throw ToolFailure("\(rows) rows of \(width) values are more than the \(maxValues) vae-sample holds; decode fewer") }
    }

    var latents: [Float]
    if let grid {
        guard latent == 2 else { throw UsageError("--grid draws a 2-D latent, but \(model.path) has latent \(latent); use --count or --from") }
        try requireRoom(grid * grid)
        latents = LatentPaths.grid(grid, range: context.given(rangeOption) ?? 3)
    } else if let path = context.given(fromOption) {
        let codes = try TrainingSet(path: path)
        guard codes.features == latent else {
            throw ToolFailure("\(inputName(path)): rows of \(codes.features) values, but \(model.path) has latent \(latent); give latents [rows, \(latent)]")
        }
        latents = codes.values
        if let count = context.given(interpolateOption) {
            try requireRoom((codes.rows - 1) * (count - 1) + 1)
            latents = LatentPaths.interpolation(latents, dimension: latent, count: count)
        }
    } else {
        let count = try context.value(countOption)
        try requireRoom(count)
        var generator = SeededGenerator(seed: try context.value(SharedOptions.seed))
        latents = (0..<(count * latent)).map { _ in Float(generator.gaussian()) }
    }
    let rows = latents.count / latent
    var frame = Frame()
    frame["data"] = Tensor(shape: [rows, vae.architecture.features], floats: vae.decode(latents, rows: rows))
    frame["latent"] = Tensor(shape: [rows, latent], floats: latents)
    for key in DictionaryModel.rowAttributes {
        if let value = model.frame.attribute(key) { frame.setAttribute(key, value) }
    }
    try context.write(frame)
}
