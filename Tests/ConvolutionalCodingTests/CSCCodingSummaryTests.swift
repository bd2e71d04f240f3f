import ConvolutionalCoding
import Testing

@Suite struct CSCCodingSummaryTests {
    /// Two images' summaries add up part by part, from the encoder's own results.
    @Test func addsEnergyPartsAndCounts() throws {
        let kernels = try ConvolutionKernels.random(count: 3, channels: 1, height: 3, width: 3, seed: 5)
        let encoder = try CSCEncoder(kernels: kernels, options: CSCEncoderOptions(lambda: 0.05, maxIterations: 4))
        let a = try encoder.encode(TestData.stack(1, 12, 10, seed: 6))
        let b = try encoder.encode(TestData.stack(1, 9, 11, seed: 7))
        var totals = CSCCodingSummary(lambda: 0.05)
        #expect(totals.density == 0)
        totals.add(CSCCodingSummary(a))
        totals.add(CSCCodingSummary(b))
        #expect(abs(totals.energy.dataTerm - (a.energy.dataTerm + b.energy.dataTerm)) < 1e-12)
        #expect(abs(totals.energy.l1Norm - (a.energy.l1Norm + b.energy.l1Norm)) < 1e-12)
        #expect(totals.coefficients == 3 * (12 * 10 + 9 * 11) && totals.nonZeros == a.nonZeros + b.nonZeros)
        #expect(totals.density == Double(a.nonZeros + b.nonZeros) / Double(3 * (12 * 10 + 9 * 11)))
        #expect(totals.iterations == a.iterations + b.iterations && totals.tiles == 2)
        #expect(totals.unconverged == [a, b].filter { $0.stopReason == .maxIterations }.count)
    }
}
