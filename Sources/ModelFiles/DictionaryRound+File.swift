import SparseCoding
import TensorCore
import TensorStream

/// A shard's round statistics as a file (`dict-learn --stats-only`): one frame with the
/// attributes `kind=dictionary-statistics`, `rows` (n) and `energy` (Σ lasso energy) and the f64
/// tensors `gram_of_codes [atoms, atoms]` (A = Σ z zᵀ) and `codes_times_data [atoms, features]`
/// (B = Σ z yᵀ), and f32 `residuals [k, features]` (a few rows' y − z·D, for re-initialising
/// unused atoms).
extension DictionaryRoundStatistics {
    /// The statistics as one frame.
    public var frame: Frame {
        var frame = Frame()
        frame["gram_of_codes"] = Tensor(shape: [atoms, atoms], doubles: gramOfCodes)
        frame["codes_times_data"] = Tensor(shape: [atoms, features], doubles: codesTimesData)
        if !residuals.isEmpty { frame["residuals"] = Tensor(shape: [residuals.count / features, features], floats: residuals) }
        frame.setAttribute("kind", .string("dictionary-statistics"))
        frame.setAttribute("rows", .number(Double(rows)))
        frame.setAttribute("energy", .number(energy))
        return frame
    }

    /// Reads the single frame of `path`, checked.
    public static func read(path: String) throws -> DictionaryRoundStatistics {
        let frame = try TensorInput.readSingleFrame(path: path)
        let name = inputName(path)
        guard frame.attribute("kind")?.string == "dictionary-statistics", let a = frame["gram_of_codes"], let b = frame["codes_times_data"],
              let rows = frame.attribute("rows")?.number, let energy = frame.attribute("energy")?.number,
              a.rank == 2, b.rank == 2, rows >= 0, frame["residuals"].map({ $0.rank == 2 && $0.shape[1] == b.shape[1] }) ?? true, rows == rows.rounded(), rows < 1e15,
              let statistics = DictionaryRoundStatistics(
                atoms: a.shape[0], features: b.shape[1], rows: Int(rows), gramOfCodes: a.doubles, codesTimesData: b.doubles, energy: energy,
                residuals: frame["residuals"]?.floats ?? [])
        else {
            throw ModelFileError("\(name): not dictionary statistics of finite values and agreeing shapes (make them with dict-learn --stats-only)")
        }
        return statistics
    }
}

extension DictionaryRoundStatistics {
    /// The sum of the statistics in `paths` (at least one), in the order given: the order
    /// fixes the floats, so a driver gives them in shard order.
    /// - Throws: `ModelFileError` naming a file that is not statistics, or whose sizes differ
    ///   from the first's.
    public static func merged(paths: [String]) throws -> DictionaryRoundStatistics {
        precondition(!paths.isEmpty, "DictionaryRoundStatistics.merged: no paths")
        var merged = try read(path: paths[0])
        for path in paths.dropFirst() {
            let part = try read(path: path)
            guard part.atoms == merged.atoms, part.features == merged.features else {
                throw ModelFileError("\(inputName(path)): statistics for \(part.atoms) atoms x \(part.features) features, but \(inputName(paths[0]))'s are \(merged.atoms) x \(merged.features)")
            }
            merged.merge(part)
        }
        return merged
    }
}

extension DictionaryModel {
    /// The learner's state saved by a merged round (`dict-learn --merge`): the forgetting-weighted
    /// A and B and the steps taken; nil for a plain dictionary (a first round starts from zeros).
    public func roundState() throws -> (gramOfCodes: [Float], codesTimesData: [Float], steps: Int)? {
        guard let a = frame["gram_of_codes"], let b = frame["codes_times_data"], let steps = frame.attribute("steps")?.number else { return nil }
        guard a.shape == [atoms, atoms], b.shape == [atoms, features], steps >= 0, steps == steps.rounded(), steps < 1e15,
              a.firstNonFinite == nil, b.firstNonFinite == nil else {
            throw ModelFileError("\(path): the saved round state (gram_of_codes, codes_times_data, steps) disagrees with the dictionary [\(atoms), \(features)]")
        }
        return (a.floats, b.floats, Int(steps))
    }

    /// The learner a round continues: resumed exactly from the saved round state (D as saved,
    /// A, B, steps), or, for a plain dictionary (the first round), a new learner whose atoms
    /// are this dictionary's normalised as a single-machine run normalises its initial atoms.
    /// Its `dictionary` is the one the round's shards code with.
    /// - Throws: `SparseCodingError` for options the solver cannot run with these atoms;
    ///   `ModelFileError` for a saved state that disagrees with the dictionary.
    public func roundLearner(options: DictionaryLearner.Options, seed: UInt64) throws -> DictionaryLearner {
        try options.validate(atoms: atoms)
        guard let state = try roundState() else {
            return DictionaryLearner(initialDictionary: values, atoms: atoms, features: features, options: options, seed: seed)
        }
        return DictionaryLearner(
            dictionary: values, gramOfCodes: state.gramOfCodes, codesTimesData: state.codesTimesData, steps: state.steps,
            atoms: atoms, features: features, options: options, seed: seed)
    }

    /// The frame after a merged round: this model's attributes with D, A, B and `steps` of
    /// `learner`, and the round's objective (the mean energy of its rows before the update)
    /// and rows.
    public func frame(afterRound learner: DictionaryLearner, objective: Double, rows: Int) -> Frame {
        var out = frame
        out["data"] = Tensor(shape: [atoms, features], floats: learner.dictionary)
        out["gram_of_codes"] = Tensor(shape: [atoms, atoms], floats: learner.savedGramOfCodes)
        out["codes_times_data"] = Tensor(shape: [atoms, features], floats: learner.savedCodesTimesData)
        out.setAttribute("kind", .string("dictionary"))
        out.setAttribute("steps", .number(Double(learner.steps)))
        out.setAttribute("batch_size", .number(Double(rows)))
        out.setAttribute("epochs", nil)
        out.setAttribute("objective", .number(objective))
        out.setAttribute("objective_rows", .string("round of \(rows) rows"))
        return out
    }
}
