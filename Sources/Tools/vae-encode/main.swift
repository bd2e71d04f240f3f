// vae-encode: the codes of rows under a trained VAE: mu and logvar of q(z|x), with data = mu.
#if canImport(Glibc)
import Glibc
#endif
import ModelFiles
import TensorCore
import TensorStream
import ToolSupport
import VariationalCoding

let modelOption = OptionSpec<String>("model", value: "MODEL", required: "the VAE whose encoder codes the rows", help: "a VAE written by vae-train; required")
let elboFlag = Flag("elbo", help: "also write each row's negative ELBO and its terms: nelbo, recon, kl [rows] (one seeded eps per row)")
let reportFlag = Flag("report", help: "print the rows, mean ||mu||, mean sigma, and the mean KL, recon and nELBO (seeded eps) on stderr")

let description = ToolDescription(
    name: "vae-encode",
    usage: "--model MODEL [--elbo] [--report] [INPUT...]",
    summary: "Encode rows with a trained variational auto-encoder: the mean and log-variance of q(z|x) of every row.",
    details: """
    For every row x of data [rows, features] (rows are samples), the VAE's encoder gives the
    mean mu and the log-variance logvar of q(z|x) = N(mu, diag(exp(logvar))). Each frame is
    written with data = mu [rows, D] and the tensors mu [rows, D] and logvar [rows, D] added;
    every other tensor (labels) and attribute passes through, so the codes chain into
    tensor-convert, plot and scatter. With --elbo, also nelbo, recon and kl [rows]: the
    negative ELBO of each row in nats, -log p(x|z) + KL(q(z|x) || N(0, I)) with one
    z = mu + exp(logvar/2) eps per row, eps ~ N(0, I) drawn from --seed. Rows must have the
    model's width and, for a Bernoulli model, values in [0, 1]. Frames are coded one at a
    time (memory: one frame). Same input and seed, same bytes out.
    """,
    options: [modelOption, elboFlag, SharedOptions.seed, reportFlag],
    example: "vae-encode --model vae.lpt --report test.lpt | scatter --labels labels --logvar logvar -o balls.png")

/// Sums over the rows coded, for --report.
struct Totals {
    var rows = 0, meanNorm = 0.0, sigma = 0.0, kl = 0.0, reconstruction = 0.0

    /// Adds rows with codes μ and logvar `[rows, latent]` and their loss terms.
    mutating func add(mean: [Float], logVariance: [Float], losses: [VAELoss], latent: Int) {
        rows += losses.count
        kl += losses.reduce(0) { $0 + $1.kl }
        reconstruction += losses.reduce(0) { $0 + $1.reconstruction }
        for row in losses.indices {
            let codes = (row * latent)..<((row + 1) * latent)
            meanNorm += mean[codes].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            let sigmas: Double = logVariance[codes].reduce(0.0) { (sum: Double, value: Float) in sum + exp(0.5 * Double(value)) }
            sigma += sigmas / Double(latent)
        }
    }
}

ToolRunner.run(description) { context in
    let model = try VAEModel.read(path: try context.value(modelOption))
    let vae = model.autoEncoder
    let (features, latent) = (vae.architecture.features, vae.architecture.latent)
    let (elbo, report) = (context.has(elboFlag), context.has(reportFlag))
    var generator = SeededGenerator(seed: try context.value(SharedOptions.seed))
    var totals = Totals()
    try context.forEachFrame { frame in
        let data = try frame.dataMatrix()
        guard data.rowLength == features else {
            throw ToolFailure("data rows have \(data.rowLength) features but the VAE \(model.path) takes \(features); use a model trained on this kind of row")
        }
        try data.requireFinite("data")
        let (x, rows) = (data.floats, data.rows)
        try vae.architecture.validate(rows: x, count: rows)
        let (mean, logVariance) = rows > 0 ? vae.encode(x, rows: rows) : ([], [])
        var out = frame
        out["data"] = Tensor(shape: [rows, latent], floats: mean)
        out["mu"] = Tensor(shape: [rows, latent], floats: mean)
        out["logvar"] = Tensor(shape: [rows, latent], floats: logVariance)
        if elbo || report {
            let losses = vae.rowLosses(x, rows: rows, noise: .standardNormal(rows: rows, latent: latent, generator: &generator))
            if elbo {
                out["nelbo"] = Tensor(shape: [rows], floats: losses.map { Float($0.negativeELBO) })
                out["recon"] = Tensor(shape: [rows], floats: losses.map { Float($0.reconstruction) })
                out["kl"] = Tensor(shape: [rows], floats: losses.map { Float($0.kl) })
            }
            totals.add(mean: mean, logVariance: logVariance, losses: losses, latent: latent)
        }
        try context.write(out)
    }
    if report {
        let n = Double(max(1, totals.rows))
        context.note("vae-encode: \(totals.rows) rows, mean ||mu|| \(format(totals.meanNorm / n)), mean sigma \(format(totals.sigma / n)), mean KL \(format(totals.kl / n)), mean recon \(format(totals.reconstruction / n)), mean nELBO \(format((totals.kl + totals.reconstruction) / n)) (nats per row, one eps per row)")
    }
}
