// swift-tools-version: 6.0
import PackageDescription

/// Tools: one thin executable each, over the shared libraries they need.
let tools: [(name: String, uses: [Target.Dependency])] = [
    ("patchify", ["ImageIO"]),
    ("unpatchify", ["ImageIO"]),
    ("whiten", ["SparseCoding", "ModelFiles"]),
    ("sparse-encode", ["SparseCoding", "ModelFiles"]),
    ("sparse-reconstruct", ["SparseCoding", "ModelFiles"]),
    ("dict-learn", ["SparseCoding", "ModelFiles"]),
    ("dict-info", ["SparseCoding", "ModelFiles"]),
    ("lista-train", ["SparseCoding", "ModelFiles"]),
    ("montage", ["ImageIO", "ModelFiles"]),
    ("tensor-info", []),
    ("tensor-convert", []),
    ("tensor-diff", []),
    ("psnr", ["ImageIO"]),
    ("noise-sigma", ["ImageIO"]),
    ("inpaint", ["SparseCoding", "ModelFiles", "ImageIO"]),
    ("plot", ["Plotting", "ImageIO"]),
    ("highpass", ["ConvolutionalCoding", "ImageIO"]),
    ("csc-encode", ["ConvolutionalCoding", "ModelFiles", "ImageIO"]),
    ("csc-reconstruct", ["ConvolutionalCoding", "ModelFiles", "ImageIO"]),
    ("csc-learn", ["ConvolutionalCoding", "ModelFiles", "ImageIO"]),
    ("csc-ae-train", ["ConvolutionalCoding", "ModelFiles", "ImageIO"]),
    ("vae-train", ["VariationalCoding", "SparseCoding", "ModelFiles"]),
    ("vae-encode", ["VariationalCoding", "ModelFiles"]),
    ("vae-sample", ["VariationalCoding", "ModelFiles"]),
    ("scatter", ["Plotting", "ImageIO"]),
    ("split-rows", []),
    ("linear-probe", ["Classification", "Plotting", "ImageIO"]),
    ("augment", ["Augmentation"]),
    ("contrast-train", ["ContrastiveLearning", "Augmentation", "ModelFiles"]),
    ("embed", ["ContrastiveLearning", "VariationalCoding", "ModelFiles"]),
    ("toy-data", ["ToyData"]),
    ("ebm-train", ["EnergyModels", "ModelFiles"]),
    ("dae-train", ["EnergyModels", "SparseCoding", "ModelFiles"]),
    ("dae-denoise", ["EnergyModels", "ModelFiles"]),
    ("energy-map", ["EnergyModels", "ModelFiles", "Plotting", "ImageIO"]),
    ("rbm-train", ["EnergyModels", "SparseCoding", "ModelFiles"]),
    ("rbm-sample", ["EnergyModels", "ModelFiles"]),
]

/// The numerical engine is optimised in every configuration, so that debug builds (and
/// `swift test`) run the solvers at useful speed; release keeps Swift's bounds and overflow
/// checks (-O, not -Ounchecked: the hot loops hoist their checks instead).
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

/// The kernels (Sources/Kernels/Shared: products, solver rows) are compiled once per
/// instruction set, each into its own module, and the engine picks one at start
/// (SparseCoding/KernelSelection.swift). Only these modules get `-target-cpu`: the rest of the
/// package is built for the architecture's baseline and runs on any processor of it.
struct KernelModule {
    let name: String
    let directory: String
    let arithmetic: String
    let settings: [SwiftSetting]
    /// The same instruction set for the Fourier transforms' module.
    let fourierSettings: [SwiftSetting]
}
let portableKernels = KernelModule(
    name: "KernelsPortable", directory: "Portable", arithmetic: "KernelArithmeticSeparate", settings: [], fourierSettings: [])
/// x86-64 paths: AVX-512 (tuned as Skylake-X: F, CD, BW, DQ, VL) and AVX2 + FMA (Haswell).
/// Left out on other architectures, and when LATENTPIPE_PORTABLE_ONLY=1 (a cross-build for
/// arm64 from an x86-64 host, whose manifest is compiled for the host).
let x86Kernels: [KernelModule] = [
    KernelModule(name: "KernelsAVX512", directory: "AVX512", arithmetic: "KernelArithmeticFused",
                 settings: [.unsafeFlags(["-target-cpu", "skylake-avx512"]), .define("KERNELS_FMA"), .define("KERNELS_AVX512")],
                 fourierSettings: [.unsafeFlags(["-target-cpu", "skylake-avx512"]), .define("FOURIER_AVX512")]),
    KernelModule(name: "KernelsAVX2", directory: "AVX2", arithmetic: "KernelArithmeticFused",
                 settings: [.unsafeFlags(["-target-cpu", "haswell"]), .define("KERNELS_FMA")],
                 fourierSettings: [.unsafeFlags(["-target-cpu", "haswell"]), .define("FOURIER_AVX2")]),
]
#if arch(x86_64)
let kernelModules = Context.environment["LATENTPIPE_PORTABLE_ONLY"] == "1"
    ? [portableKernels] : x86Kernels + [portableKernels]
#else
let kernelModules = [portableKernels]
#endif

let package = Package(
    name: "latentpipe",
    products: tools.map { .executable(name: $0.name, targets: [$0.name]) },
    targets: [
        // MARK: C libraries (system-library targets: module maps over the system headers)
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        /// libpng's full API (setjmp kept in C) behind status codes; ImageIO's only way to libpng.
        .target(name: "CPNGCodec", dependencies: ["CPNG"], linkerSettings: [.linkedLibrary("png16")]),

        // MARK: Libraries
        .target(name: "CPUFeatures"),
        /// The C allocator's settings for training loops (`reuseFreedMemory`).
        .target(name: "CAllocator"),
        /// What the kernel modules and the engine share: the table type, workspaces, shrinkage.
        .target(name: "KernelSupport", path: "Sources/Kernels/Support", swiftSettings: optimised),
        .target(name: "CChecksum", linkerSettings: [.linkedLibrary("z")]),
        .target(name: "TensorCore", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "TensorStream", dependencies: ["TensorCore", "CZlib", "CChecksum"]),
        .target(name: "ImageIO", dependencies: ["TensorCore", "TensorStream", "CPNGCodec"], exclude: ["README.md"]),
        // The engine links CPUFeatures, whose engine_guard.c checks LATENTPIPE_KERNELS before
        // main: exactly the programs that link the engine check it.
        .target(name: "SparseCoding",
                dependencies: ["TensorCore", "CPUFeatures", "KernelSupport"] + kernelModules.map { .target(name: $0.name) },
                exclude: ["README.md"], swiftSettings: optimised, linkerSettings: [.linkedLibrary("m")]),
        /// Real 2-D discrete Fourier transforms of any size (the convolutional solvers' engine):
        /// the API, over one module per instruction set (Sources/FourierLanes, below).
        .target(name: "Fourier", dependencies: ["CPUFeatures", "KernelSupport"] + kernelModules.map { .target(name: "Fourier" + $0.directory) },
                exclude: ["README.md"], swiftSettings: optimised),
        /// Convolutional sparse coding: kernels, operators in the DFT domain, encoders, learning.
        .target(name: "ConvolutionalCoding", dependencies: ["TensorCore", "SparseCoding", "Fourier"],
                swiftSettings: optimised, linkerSettings: [.linkedLibrary("m")]),
        /// Small neural networks trained by hand-written backpropagation: dense layers, activations.
        .target(name: "NeuralNetworks", dependencies: ["TensorCore", "SparseCoding"], exclude: ["README.md"],
                swiftSettings: optimised, linkerSettings: [.linkedLibrary("m")]),
        /// The variational auto-encoder: MLP encoder and decoder, the ELBO and its gradient, training.
        .target(name: "VariationalCoding", dependencies: ["TensorCore", "SparseCoding", "NeuralNetworks"], exclude: ["README.md"],
                swiftSettings: optimised, linkerSettings: [.linkedLibrary("m")]),
        /// Contrastive learning (SimCLR, PIRL's memory bank, MoCo's queue): an MLP encoder and
        /// projection head trained on pairs of views by the InfoNCE loss.
        .target(name: "ContrastiveLearning", dependencies: ["TensorCore", "SparseCoding", "NeuralNetworks", "Augmentation"],
                exclude: ["README.md"], swiftSettings: optimised, linkerSettings: [.linkedLibrary("m")]),
        /// Energy-based models trained by contrastive divergence and denoising: RBMs (CD-k,
        /// persistent CD), denoising auto-encoders, MLP energies with Langevin sampling.
        .target(name: "EnergyModels", dependencies: ["TensorCore", "SparseCoding", "NeuralNetworks"], exclude: ["README.md"],
                swiftSettings: optimised, linkerSettings: [.linkedLibrary("m")]),
        /// Seeded toy 2-D distributions (spiral, moons, rings) for energy pictures.
        .target(name: "ToyData", dependencies: ["TensorCore"], swiftSettings: optimised, linkerSettings: [.linkedLibrary("m")]),
        /// Linear classifiers for probing representations: standardisation, multinomial logistic
        /// regression, cross-validation, confusion matrices.
        .target(name: "Classification", dependencies: ["TensorCore", "SparseCoding"], exclude: ["README.md"],
                swiftSettings: optimised, linkerSettings: [.linkedLibrary("m")]),
        /// Content-preserving transformations of images and patch rows (contrastive views).
        .target(name: "Augmentation", dependencies: ["TensorCore"], linkerSettings: [.linkedLibrary("m")]),
        .target(name: "ToolSupport", dependencies: ["TensorCore", "TensorStream", "Augmentation", "CAllocator"]),
        /// Model files (dictionary, whitening model, LISTA encoder): read, validated, written.
        .target(name: "ModelFiles", dependencies: ["TensorCore", "TensorStream", "SparseCoding", "ConvolutionalCoding", "NeuralNetworks", "VariationalCoding", "ContrastiveLearning", "Augmentation", "EnergyModels"], exclude: ["README.md"]),
        .target(name: "Plotting", dependencies: ["ImageIO", "TensorCore", "TensorStream"], exclude: ["README.md"]),

        // MARK: Tests
        .testTarget(name: "TensorStreamTests", dependencies: ["TensorStream"]),
        .testTarget(name: "ImageIOTests", dependencies: ["ImageIO", "TensorCore"], exclude: ["Fixtures"]),
        .testTarget(name: "SparseCodingTests", dependencies: ["SparseCoding"]),
        .testTarget(name: "FourierTests", dependencies: ["Fourier", "KernelSupport"]),
        .testTarget(name: "ConvolutionalCodingTests", dependencies: ["ConvolutionalCoding", "Fourier", "TensorCore"]),
        .testTarget(name: "ToolSupportTests", dependencies: ["ToolSupport", "TensorCore"]),
        .testTarget(name: "ExecutableTests", dependencies: ["ImageIO", "TensorStream"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
        .testTarget(name: "NeuralNetworksTests", dependencies: ["NeuralNetworks", "TensorCore"]),
        .testTarget(name: "ClassificationTests", dependencies: ["Classification", "TensorCore"]),
        .testTarget(name: "AugmentationTests", dependencies: ["Augmentation", "TensorCore"]),
        .testTarget(name: "EnergyModelsTests", dependencies: ["EnergyModels", "NeuralNetworks", "SparseCoding", "TensorCore"]),
        .testTarget(name: "ToyDataTests", dependencies: ["ToyData", "TensorCore"]),
        .testTarget(name: "ContrastiveLearningTests", dependencies: ["ContrastiveLearning", "NeuralNetworks", "Augmentation", "SparseCoding", "TensorCore"]),
        .testTarget(name: "VariationalCodingTests", dependencies: ["VariationalCoding", "NeuralNetworks", "TensorCore"]),
        .testTarget(name: "ModelFilesTests", dependencies: ["ModelFiles", "SparseCoding", "VariationalCoding", "EnergyModels", "TensorCore", "TensorStream"]),
    ]
)

// MARK: Kernel modules
/// acc + a·b, fused or not: inlinable from their own modules (see ArithmeticFused/MultiplyAdd.swift).
for (name, directory) in [("KernelArithmeticFused", "ArithmeticFused"), ("KernelArithmeticSeparate", "ArithmeticSeparate")]
where kernelModules.contains(where: { $0.arithmetic == name }) {
    package.targets.append(.target(name: name, path: "Sources/Kernels/\(directory)", swiftSettings: optimised))
}
/// Square roots without errno: Swift's `squareRoot()` goes through C's sqrtf, which may set
/// errno and so stays a scalar call per lane; with `-fno-math-errno` it is one vector
/// instruction (the same IEEE result).
let vectorSquareRoots: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-fno-math-errno"])]
for module in kernelModules {
    package.targets.append(.target(
        name: module.name, dependencies: ["KernelSupport", .target(name: module.arithmetic)],
        path: "Sources/Kernels/\(module.directory)", swiftSettings: optimised + module.settings + vectorSquareRoots))
}

/// The Fourier transforms, one source (Sources/FourierLanes/Shared) per instruction set as the
/// kernels are: 16 lanes with AVX-512, 8 with AVX2, 4 on the baseline.
for module in kernelModules {
    package.targets.append(.target(
        name: "Fourier" + module.directory, path: "Sources/FourierLanes/\(module.directory)",
        swiftSettings: optimised + module.fourierSettings, linkerSettings: [.linkedLibrary("m")]))
}

// MARK: Tools
for tool in tools {
    package.targets.append(.executableTarget(
        name: tool.name,
        dependencies: ["ToolSupport", "TensorStream", "TensorCore"] + tool.uses,
        path: "Sources/Tools/\(tool.name)"))
}

// MARK: Benchmarks
/// GFLOP/s of the engine's matrix products, for tools/bench; the engine only (no stream I/O).
package.products.append(.executable(name: "kernel-bench", targets: ["kernel-bench"]))
package.targets.append(.executableTarget(
    name: "kernel-bench", dependencies: ["ToolSupport", "SparseCoding", "TensorCore"], path: "Sources/Tools/kernel-bench"))
/// Forward + inverse 2-D real FFTs per second, for tools/bench/fft.sh; the engine only.
package.products.append(.executable(name: "fft-bench", targets: ["fft-bench"]))
package.targets.append(.executableTarget(
    name: "fft-bench", dependencies: ["ToolSupport", "TensorCore", "Fourier"], path: "Sources/Tools/fft-bench"))
