import ConvolutionalCoding
import Testing

@Suite struct KernelTrainingRunTests {
    /// Two sources of two 16x16 images each, read afresh every epoch.
    static func read(_ source: Int, _ deliver: (PlaneStack, String) throws -> Void) throws {
        for i in 0..<2 { try deliver(TestData.stack(1, 16, 16, seed: UInt64(10 * source + i)), "s\(source)i\(i)") }
    }

    static func run(seed: UInt64, crop: Int?) throws -> (KernelTrainingRun, [(String, Int)]) {
        let run = KernelTrainingRun(learner: nil, count: 2, size: 4, cropSize: crop,
                                    options: KernelLearnerOptions(lambda: 0.05, encodeIterations: 5, kernelIterations: 3), seed: seed)
        var heard: [(String, Int)] = []
        for _ in 0..<2 {
            let epoch = try run.epoch(sources: 2, read: Self.read) { _, name, number in heard.append((name, number)) }
            #expect(epoch.steps == (crop == nil ? 4 : 16) && epoch.energy > 0)
        }
        return (run, heard)
    }

    @Test func oneStepPerImageOrCropNumberedWithinTheEpoch() throws {
        let (whole, heard) = try Self.run(seed: 1, crop: nil)
        #expect(whole.steps == 8 && whole.learner?.kernels.count == 2)
        #expect(heard.map(\.1) == [1, 2, 3, 4, 1, 2, 3, 4])
        // A source's images come together, in their order.
        #expect(Set(heard.prefix(2).map { String($0.0.prefix(2)) }).count == 1)
        let (cropped, _) = try Self.run(seed: 1, crop: 8)
        #expect(cropped.steps == 32)
    }

    @Test func theSameSeedLearnsTheSameKernels() throws {
        let a = try Self.run(seed: 4, crop: 8).0.learner!.kernels
        let b = try Self.run(seed: 4, crop: 8).0.learner!.kernels
        let c = try Self.run(seed: 5, crop: 8).0.learner!.kernels
        #expect(a.values == b.values && a.values != c.values)
    }
}
