import SparseCoding
import TensorCore

extension DictionaryModel {
    /// The dictionary of a training run as a frame: D and the attributes lambda, atoms,
    /// features, the row attributes of `rows` (patch geometry, whitening), seed, steps, epochs,
    /// batch_size, init, positive, positive_dict and, when given, the objective and the rows
    /// it was measured on.
    /// - Parameters:
    ///   - lambda: λ as the user gave it (the learner holds it as float32).
    ///   - initialisation: how the atoms started, as the user said it (`data`, `random`, a file).
    public static func frame(of training: DictionaryTraining, lambda: Double, rows: Frame, initialisation: String,
                             objective: Double?) -> Frame {
        let learner = training.learner
        var attributes: [(String, AttributeValue)] = [
            ("lambda", .number(lambda)), ("atoms", .number(Double(learner.atoms))), ("features", .number(Double(learner.features))),
        ]
        for key in rowAttributes {
            if let value = rows.attribute(key) { attributes.append((key, value)) }
        }
        attributes += [
            ("seed", .string(String(training.plan.seed))),
            ("steps", .number(Double(learner.steps))),
            ("epochs", .number(training.epochs)),
            ("batch_size", .number(Double(training.rowsPerStep))),
            ("init", .string(initialisation)),
            ("positive", .number(learner.options.positive ? 1 : 0)),
            ("positive_dict", .number(learner.options.positiveAtoms ? 1 : 0)),
        ]
        if let objective {
            attributes.append(("objective", .number(objective)))
            attributes.append(("objective_rows", .string(training.plan.holdout > 0 ? "holdout \(training.plan.holdout)" : "last epoch's minibatches")))
        }
        return frame(values: learner.dictionary, atoms: learner.atoms, features: learner.features, attributes: attributes)
    }

    /// `dict-learn --report`'s line: sizes, steps and epochs, re-initialised atoms, the final
    /// objective (held-out or training), the data held and the time taken.
    public static func reportLine(of training: DictionaryTraining, lambda: Double, objective: Double, seconds: Double) -> String {
        let learner = training.learner
        return "dict-learn: \(learner.atoms) atoms x \(learner.features) features, lambda \(format(lambda)), \(learner.steps) steps of "
            + "\(training.rowsPerStep) rows (\(format(training.epochs, "%.2f")) epochs of \(training.trainingRows) rows), "
            + "\(learner.reinitialisedAtoms) atoms re-initialised; \(training.plan.holdout > 0 ? "held-out" : "training") objective "
            + "\(format(objective)); held \(formatBytes(training.heldBytes)) of data; \(format(seconds, "%.2f")) s"
    }

    /// Checks that this dictionary can start a run of `atoms` atoms over rows of `features`
    /// features (nil: not known yet).
    /// - Throws: `ModelFileError` saying which size differs and what to give instead.
    public func requireResumable(atoms: Int, features: Int? = nil) throws {
        guard self.atoms == atoms else {
            throw ModelFileError("\(path) has \(self.atoms) atoms but --atoms is \(atoms); give --atoms \(self.atoms) to resume from it")
        }
        if let features, features != self.features {
            throw ModelFileError("\(path) has atoms of \(self.features) features but the data rows have \(features); resume from a dictionary made for this data")
        }
    }
}
