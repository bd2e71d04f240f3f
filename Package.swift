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
    ("montage", ["ImageIO"]),
    ("tensor-info", []),
    ("tensor-convert", []),
    ("tensor-diff", []),
    ("psnr", ["ImageIO"]),
    ("plot", ["Plotting", "ImageIO"]),
]

/// The numerical engine is optimised in every configuration, so that debug builds (and
/// `swift test`) run the solvers at useful speed; release keeps Swift's bounds and overflow
/// checks (-O, not -Ounchecked: the hot loops hoist their checks instead). It targets Haswell
/// (AVX2 + FMA: fused `addingProduct`, 256-bit SIMD), so it needs an x86-64 processor with
/// AVX2 and FMA (Intel Haswell or later, AMD Zen or later).
let engineSettings: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(["-target-cpu", "haswell"]),
]

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
        .target(name: "CChecksum", linkerSettings: [.linkedLibrary("z")]),
        .target(name: "TensorCore", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "TensorStream", dependencies: ["TensorCore", "CZlib", "CChecksum"]),
        .target(name: "ImageIO", dependencies: ["TensorCore", "CPNGCodec"], exclude: ["README.md"]),
        // The engine links CPUFeatures, whose engine_guard.c refuses (before main) to run on a
        // processor without AVX2 and FMA: exactly the programs that link the engine check.
        .target(name: "SparseCoding", dependencies: ["TensorCore", "CPUFeatures"], exclude: ["README.md"], swiftSettings: engineSettings, linkerSettings: [.linkedLibrary("m")]),
        .target(name: "ToolSupport", dependencies: ["TensorCore", "TensorStream"]),
        /// Model files (dictionary, whitening model, LISTA encoder): read, validated, written.
        .target(name: "ModelFiles", dependencies: ["TensorCore", "TensorStream", "SparseCoding"], exclude: ["README.md"]),
        .target(name: "Plotting", dependencies: ["ImageIO", "TensorCore", "TensorStream"], exclude: ["README.md"]),

        // MARK: Tests
        .testTarget(name: "TensorStreamTests", dependencies: ["TensorStream"]),
        .testTarget(name: "ImageIOTests", dependencies: ["ImageIO", "TensorCore"], exclude: ["Fixtures"]),
        .testTarget(name: "SparseCodingTests", dependencies: ["SparseCoding"]),
        .testTarget(name: "ToolSupportTests", dependencies: ["ToolSupport", "TensorCore"]),
        .testTarget(name: "ExecutableTests", dependencies: ["ImageIO"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
        .testTarget(name: "ModelFilesTests", dependencies: ["ModelFiles", "SparseCoding", "TensorCore", "TensorStream"]),
    ]
)

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
