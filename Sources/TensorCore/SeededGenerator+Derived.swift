extension SeededGenerator {
    /// The seed of a training run's epoch `epoch`: the run's seed mixed with the epoch, so that
    /// epoch e draws the same numbers whether the run started at epoch 1 or resumed at e.
    public static func epochSeed(_ seed: UInt64, epoch: Int) -> UInt64 {
        derivedSeed(seed, salt: UInt64(truncatingIfNeeded: epoch) &* 0xD1B5_4A32_D192_ED03)
    }

    /// A seed for one fixed purpose of a run (held-out noise, a memory bank's start): the run's
    /// seed mixed with `salt` (by convention eight ASCII letters naming the purpose).
    public static func derivedSeed(_ seed: UInt64, salt: UInt64) -> UInt64 {
        var mixer = SeededGenerator(seed: seed ^ salt)
        return mixer.next()
    }
}
