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
}
