import TensorCore
import VariationalCoding

extension VAEModel {
    /// The columns of vae-train's `--curve` CSV: per epoch, the training means of the nELBO
    /// terms (over the epoch's batches), the held-out ones (empty without held-out rows) and
    /// the seconds of training.
    public static let curveHeader = "epoch,train_nelbo,train_recon,train_kl,heldout_nelbo,heldout_recon,heldout_kl,seconds\n"

    /// The `--curve` line of one epoch.
    public static func curveLine(_ report: VAETraining.EpochReport) -> String {
        func columns(_ loss: VAELoss?) -> String {
            [loss?.negativeELBO, loss?.reconstruction, loss?.kl].map { $0.map { format($0, "%.7g") } ?? "" }.joined(separator: ",")
        }
        return "\(report.epoch),\(columns(report.training)),\(columns(report.heldOut)),\(format(report.seconds, "%.4f"))\n"
    }

    /// "nELBO (recon r + KL k)", as the progress lines and reports say it.
    public static func terms(_ loss: VAELoss) -> String {
        "\(format(loss.negativeELBO)) (recon \(format(loss.reconstruction)) + KL \(format(loss.kl)))"
    }

    /// The line vae-train prints after an epoch of `epochs`.
    public static func progressLine(_ report: VAETraining.EpochReport, of epochs: Int) -> String {
        let heldOut = report.heldOut.map { ", held-out nELBO \(terms($0))" } ?? ""
        return "epoch \(report.epoch)/\(epochs): train nELBO \(terms(report.training))\(heldOut), \(format(report.seconds, "%.2f")) s"
    }

    /// The line `vae-train --report` prints at the end of a run of `epochs` epochs whose last
    /// epoch reported `last`: the architecture, the schedule, the final terms, the memory held
    /// and the seconds per epoch of training and in all.
    public static func reportLine(of training: VAETraining, settings: TrainingSettings, epochs: Int, last: VAETraining.EpochReport,
                                  trainingSeconds: Double, totalSeconds: Double) -> String {
        let shape = training.model.architecture
        let heldOut = last.heldOut.map { ", held-out nELBO \(terms($0))" } ?? ""
        return "latent \(shape.latent), hidden \(hiddenText(shape.hidden)), \(shape.features) features, \(shape.likelihood.name), beta \(format(settings.beta)); "
            + "\(epochs) epochs of \(training.trainingRows) rows in batches of \(settings.batchSize) (\(training.adamSteps) Adam steps in all); "
            + "final train nELBO \(terms(last.training))\(heldOut); held \(formatBytes(training.heldBytes)); "
            + "\(format(trainingSeconds / Double(epochs), "%.3f")) s per epoch (training), \(format(totalSeconds, "%.2f")) s in all"
    }
}
