// Distributed rounds: a learner resumed from its saved state takes a step whose codes were
// computed elsewhere (the merged `DictionaryRoundStatistics` of the shards).

import TensorCore

extension DictionaryLearner {
    /// Resumes a learner from a saved state: D `[atoms, features]` as saved (not renormalised,
    /// so that a resumed run continues bit for bit), the forgetting-weighted A `[atoms, atoms]`
    /// and B `[atoms, features]`, and the steps taken. `seed` drives only the re-initialisation
    /// of unused atoms (and `step(merged:seed:)` replaces it).
    public init(dictionary: [Float], gramOfCodes: [Float], codesTimesData: [Float], steps: Int,
                atoms: Int, features: Int, options: Options, seed: UInt64) {
        precondition(gramOfCodes.count == atoms * atoms && codesTimesData.count == atoms * features && steps >= 0,
                     "DictionaryLearner: saved statistics of the wrong sizes")
        self.init(initialDictionary: dictionary, atoms: atoms, features: features, options: options, seed: seed)
        self.dictionary = dictionary
        self.gramOfCodes = gramOfCodes
        self.codesTimesData = codesTimesData
        self.steps = steps
    }

    /// A = β·A + A_round/n and B = β·B + B_round/n (β for a batch of n = `round.rows` rows at
    /// this step, as `step` does), then one pass of block-coordinate descent over the atoms.
    /// An unused atom is re-initialised from one of the round's residual rows (a random unit
    /// vector when it has none). A round of no rows changes nothing.
    ///
    /// The re-initialisations draw from a generator seeded with `seed` (the run's) and the
    /// steps taken, so a learner resumed from a saved state for every round (a cluster's
    /// driver) takes the same steps as one learner taking them all (`dict-learn
    /// --batch-per-file`).
    /// - Returns: how many atoms were re-initialised.
    @discardableResult
    public mutating func step(merged round: DictionaryRoundStatistics, seed: UInt64) -> Int {
        precondition(round.atoms == atoms && round.features == features, "DictionaryLearner.step(merged:): sizes differ")
        guard round.rows > 0 else { return 0 }
        generator = SeededGenerator(seed: SeededGenerator.derivedSeed(SeededGenerator.epochSeed(seed, epoch: steps), salt: 0x5245_494E_4954_4154))  // "REINITAT"
        let beta = Self.forgetting(step: steps, batchSize: round.rows)
        let scale = 1 / Double(round.rows)
        for i in gramOfCodes.indices { gramOfCodes[i] = beta * gramOfCodes[i] + Float(round.gramOfCodes[i] * scale) }
        for i in codesTimesData.indices { codesTimesData[i] = beta * codesTimesData[i] + Float(round.codesTimesData[i] * scale) }
        // Zero codes: the residual rows are their own residuals.
        let candidates = round.residuals.count / features
        let reinitialised = updateAtoms(
            batch: round.residuals, codes: [Float](repeating: 0, count: candidates * atoms), rows: candidates)
        steps += 1
        reinitialisedAtoms += reinitialised
        return reinitialised
    }

    /// The forgetting-weighted A `[atoms, atoms]` (for saving a round's state).
    public var savedGramOfCodes: [Float] { gramOfCodes }
    /// The forgetting-weighted B `[atoms, features]` (for saving a round's state).
    public var savedCodesTimesData: [Float] { codesTimesData }
}
