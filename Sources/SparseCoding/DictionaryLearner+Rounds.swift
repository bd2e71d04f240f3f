// Distributed rounds: a learner resumed from its saved state takes a step whose codes were
// computed elsewhere (the merged `DictionaryRoundStatistics` of the shards).

extension DictionaryLearner {
    /// Resumes a learner from a saved state: D `[atoms, features]`, the forgetting-weighted
    /// A `[atoms, atoms]` and B `[atoms, features]`, and the steps taken. `seed` drives only the
    /// re-initialisation of unused atoms.
    public init(dictionary: [Float], gramOfCodes: [Float], codesTimesData: [Float], steps: Int,
                atoms: Int, features: Int, options: Options, seed: UInt64) {
        precondition(gramOfCodes.count == atoms * atoms && codesTimesData.count == atoms * features && steps >= 0,
                     "DictionaryLearner: saved statistics of the wrong sizes")
        self.init(initialDictionary: dictionary, atoms: atoms, features: features, options: options, seed: seed)
        self.gramOfCodes = gramOfCodes
        self.codesTimesData = codesTimesData
        self.steps = steps
    }

    /// A = β·A + A_round/n and B = β·B + B_round/n (β for a batch of n = `round.rows` rows at
    /// this step, as `step` does), then one pass of block-coordinate descent over the atoms.
    /// An unused atom is re-initialised from one of the round's residual rows (a random unit
    /// vector when it has none). A round of no rows changes nothing.
    /// - Returns: how many atoms were re-initialised.
    @discardableResult
    public mutating func step(merged round: DictionaryRoundStatistics) -> Int {
        precondition(round.atoms == atoms && round.features == features, "DictionaryLearner.step(merged:): sizes differ")
        guard round.rows > 0 else { return 0 }
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
