import TensorCore

/// The epochs of an online kernel-learning run over images that are streamed again each epoch
/// (never all held): the order of the image sources and the crops drawn from one seeded
/// generator, one learner step per image (or per `cropSize` crop), and the learner made from
/// the first image's patches when it was given no starting kernels.
public final class KernelTrainingRun {
    /// The learner; nil until the first image when the kernels start as its patches.
    public private(set) var learner: OnlineKernelLearner?
    /// Learner steps taken by this run (images or crops).
    public private(set) var steps = 0
    private let count: Int, size: Int, seed: UInt64, cropSize: Int?
    private let options: KernelLearnerOptions
    private var generator: SeededGenerator

    /// A run from `learner`, or, if nil, from `count` patches of `size` × `size` of the first
    /// image; `seed` drives the image order, the crops and the patches.
    public init(learner: OnlineKernelLearner?, count: Int, size: Int, cropSize: Int?, options: KernelLearnerOptions, seed: UInt64) {
        (self.learner, self.count, self.size, self.cropSize, self.options, self.seed) = (learner, count, size, cropSize, options, seed)
        generator = SeededGenerator(seed: seed)
    }

    /// One epoch over `sources` image sources in a seeded order: `read(source, deliver)` passes
    /// each image of that source with its name to `deliver`; `stepped` hears of every step, with
    /// the image's name and the step's number in the epoch (from 1).
    /// Returns the summed energy per pixel and the steps of the epoch.
    public func epoch(sources: Int, read: (Int, (PlaneStack, String) throws -> Void) throws -> Void,
                      stepped: (KernelLearningStep, String, Int) throws -> Void) throws -> (energy: Double, steps: Int) {
        var order = Array(0..<sources)
        generator.shuffle(&order)
        var energy = 0.0, stepsThisEpoch = 0
        // `read` only calls the delivery below, so `stepped` never runs inside itself.
        try withoutActuallyEscaping(stepped) { stepped in
            for source in order {
                try read(source) { image, name in
                    if learner == nil {
                        learner = try OnlineKernelLearner(kernels: .patches(of: [image], count: count, height: size, width: size, seed: seed),
                                                          options: options)
                    }
                    let pieces = cropSize.map { image.shuffledCrops(size: $0, generator: &generator) } ?? [image]
                    for piece in pieces {
                        let step = try learner!.learn(piece)
                        energy += step.energyPerPixel
                        stepsThisEpoch += 1
                        steps += 1
                        try stepped(step, name, stepsThisEpoch)
                    }
                }
            }
        }
        return (energy, stepsThisEpoch)
    }
}
