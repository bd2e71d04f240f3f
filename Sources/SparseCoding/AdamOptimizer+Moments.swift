// Reading and restoring Adam's moments, so that a training run can be saved and resumed.

extension AdamOptimizer {
    /// The moments of `slot` (m, v, shaped like its parameter buffer) and its step count t;
    /// nil before the slot's first step.
    public func moments(slot: Int) -> (first: [Float], second: [Float], steps: Int)? {
        guard slot >= 0, slot < slots.count, let moments = slots[slot] else { return nil }
        return (moments.first, moments.second, moments.steps)
    }

    /// Sets the moments of `slot` as `moments(slot:)` returned them, so that the next `step`
    /// continues bit-exactly (β₁ᵗ and β₂ᵗ are recomputed by the same t multiplications).
    /// - Precondition: slot ≥ 0, equal counts, steps ≥ 0.
    public mutating func restoreMoments(slot: Int, first: [Float], second: [Float], steps: Int) {
        precondition(slot >= 0 && first.count == second.count && steps >= 0, "AdamOptimizer.restoreMoments: bad moments")
        while slots.count <= slot { slots.append(nil) }
        var moments = Moments(first: first, second: second, steps: steps)
        for _ in 0..<steps {
            moments.beta1Power *= Double(beta1)
            moments.beta2Power *= Double(beta2)
        }
        slots[slot] = moments
    }
}
