import EnergyModels
import TensorCore

extension RBMModel {
    /// The columns of rbm-train's `--curve` CSV: per epoch, the mean reconstruction error
    /// ‖v − v̂‖², pseudo-log-likelihood (empty for Gaussian visible units) and free energy of the
    /// training rows and of the held-out rows (empty without held-out rows), and the seconds of
    /// the epoch's updates.
    public static let curveHeader = "epoch,train_recon,train_pll,train_free_energy,heldout_recon,heldout_pll,heldout_free_energy,seconds\n"

    /// The `--curve` line of one epoch.
    public static func curveLine(_ report: RBMTraining.EpochReport) -> String {
        func columns(_ evaluation: RBMTraining.Evaluation?) -> String {
            [evaluation?.reconstructionError, evaluation?.pseudoLogLikelihood, evaluation?.freeEnergy].map { $0.map { format($0, "%.7g") } ?? "" }.joined(separator: ",")
        }
        return "\(report.epoch),\(columns(report.training)),\(columns(report.heldOut)),\(format(report.seconds, "%.4f"))\n"
    }

    /// "recon r, PLL p, F f" (no PLL for Gaussian visible units), as the progress lines and
    /// reports say it.
    public static func terms(_ evaluation: RBMTraining.Evaluation) -> String {
        let pll = evaluation.pseudoLogLikelihood.map { ", PLL \(format($0))" } ?? ""
        return "recon \(format(evaluation.reconstructionError))\(pll), F \(format(evaluation.freeEnergy))"
    }

    /// The line rbm-train prints after an epoch of `epochs`.
    public static func progressLine(_ report: RBMTraining.EpochReport, of epochs: Int) -> String {
        let training = report.training.map { "train \(terms($0))" } ?? "trained"
        let heldOut = report.heldOut.map { ", held-out \(terms($0))" } ?? ""
        return "epoch \(report.epoch)/\(epochs): \(training)\(heldOut), \(format(report.seconds, "%.2f")) s"
    }

    /// The line `rbm-train --report` prints at the end of a run of `epochs` epochs whose last
    /// epoch reported `last`: the machine, the method, the final evaluations and the seconds
    /// per epoch of training and in all.
    public static func reportLine(of training: RBMTraining, settings: TrainingSettings, epochs: Int, last: RBMTraining.EpochReport,
                                  trainingSeconds: Double, totalSeconds: Double) -> String {
        let model = training.model
        let final = [last.training.map { "train \(terms($0))" }, last.heldOut.map { "held-out \(terms($0))" }].compactMap { $0 }
        return "\(model.visible) visible, \(model.hidden) hidden, \(methodText(settings.method)) with \(steps(of: settings.method)) Gibbs steps per update, "
            + "lr \(format(settings.learningRate)); \(epochs) epochs of \(training.trainingRows) rows in batches of \(settings.batchSize); "
            + "final \(final.joined(separator: ", ")); "
            + "\(format(trainingSeconds / Double(max(epochs, 1)), "%.3f")) s per epoch (training), \(format(totalSeconds, "%.2f")) s in all"
    }
}
