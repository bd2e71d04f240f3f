import ConvolutionalCoding
import SparseCoding
import TensorCore

/// `dict-info`'s report on convolution kernels `[M, C, S1, S2]` (a kernels file, as
/// `csc-learn` writes it): key: value lines or one JSON object, from a `KernelSummary`.
public struct KernelsReport: Sendable {
    /// Where the kernels were read from, as messages name it.
    public let path: String
    /// The kernels frame, for its attributes.
    public let frame: Frame
    public let summary: KernelSummary
    /// The seed of the random baseline.
    public let seed: UInt64

    /// Whether `frame` holds kernels rather than a dictionary: its data is 4-D or its `kind`
    /// attribute says `csc-kernels`.
    public static func holdsKernels(_ frame: Frame) -> Bool {
        frame.attribute("kind")?.string == ConvolutionKernelsModel.kind || frame["data"]?.rank == 4
    }

    /// Measures the kernels of `model` against `randomCount` random kernels from `seed`.
    public init(model: ConvolutionKernelsModel, seed: UInt64, randomCount: Int = KernelSummary.defaultRandomCount) {
        let kernels = model.kernels
        path = model.path
        frame = model.frame
        self.seed = seed
        summary = KernelSummary(kernels: kernels.values, count: kernels.count, channels: kernels.channels, height: kernels.height,
                                width: kernels.width, seed: seed, randomCount: randomCount)
    }

    /// The report as `key: value` lines (and, with `perKernel`, one `kernel ...` line each).
    public func lines(perKernel: Bool) -> [String] {
        let (learned, baseline) = (summary.medians, summary.randomMedians)
        var lines = ["kernels: \(path)", "count: \(summary.count)", "channels: \(summary.channels)",
                     "kernel-size: \(summary.height)x\(summary.width)"]
        for (key, value) in frame.attributes {
            lines.append("attribute.\(key): \(String(value.description.map { $0.isNewline ? " " : $0 }))")
        }
        lines += ["norm-min: \(format(summary.smallestNorm))", "norm-max: \(format(summary.largestNorm))",
                  "mutual-coherence: \(format(summary.mutualCoherence, "%.4f"))"]
        for (prefix, medians) in [("", learned), ("random-", baseline)] {
            if !prefix.isEmpty { lines += ["random-seed: \(seed)", "random-kernels: \(summary.randomCount)"] }
            lines += [
                "\(prefix)median-radial-symmetry: \(format(medians.radialSymmetry, "%.4f"))",
                "\(prefix)median-rotation-90: \(format(medians.quarterTurn, "%.4f"))",
                "\(prefix)median-rotation-45: \(format(medians.eighthTurn, "%.4f"))",
                "\(prefix)median-rotation-180: \(format(medians.halfTurn, "%.4f"))",
                "\(prefix)median-orientation-share: \(format(medians.orientationShare, "%.4f"))",
                "\(prefix)median-peak-frequency: \(format(medians.peakFrequency, "%.4f"))",
            ]
        }
        if perKernel {
            lines.append("# kernel INDEX RADIAL-SYMMETRY ROTATION-90 ROTATION-45 ROTATION-180 ORIENTATION-SHARE ORIENTATION-DEGREES PEAK-FREQUENCY")
            for index in 0..<summary.count {
                let (symmetry, shape) = (summary.symmetries[index], summary.shapes[index])
                let fields = [symmetry.radialSymmetry, symmetry.quarterTurn, symmetry.eighthTurn, symmetry.halfTurn, shape.orientationShare]
                lines.append("kernel \(index) " + fields.map { format($0, "%.4f") }.joined(separator: " ")
                             + " \(format(DictionarySummary.degrees(shape.dominantOrientation), "%.2f")) \(format(shape.peakFrequency, "%.4f"))")
            }
        }
        return lines
    }

    /// The report as one line of JSON.
    public func json(perKernel: Bool) -> String {
        func medians(_ m: KernelSummary.Medians) -> String {
            "\"median_radial_symmetry\": \(jsonNumber(m.radialSymmetry)), \"median_rotation_90\": \(jsonNumber(m.quarterTurn)), "
                + "\"median_rotation_45\": \(jsonNumber(m.eighthTurn)), \"median_rotation_180\": \(jsonNumber(m.halfTurn)), "
                + "\"median_orientation_share\": \(jsonNumber(m.orientationShare)), \"median_peak_frequency\": \(jsonNumber(m.peakFrequency))"
        }
        let attributes = frame.attributes.map { key, value -> String in
            let text = value.number.map { jsonNumber($0, "%.17g") } ?? jsonString(value.string ?? "")
            return "\(jsonString(key)): \(text)"
        }
        var fields = [
            "\"kernels\": \(jsonString(path))", "\"count\": \(summary.count)", "\"channels\": \(summary.channels)",
            "\"kernel_height\": \(summary.height)", "\"kernel_width\": \(summary.width)",
            "\"attributes\": {\(attributes.joined(separator: ", "))}",
            "\"norm_min\": \(jsonNumber(summary.smallestNorm))", "\"norm_max\": \(jsonNumber(summary.largestNorm))",
            "\"mutual_coherence\": \(jsonNumber(summary.mutualCoherence))", medians(summary.medians),
            "\"random\": {\"seed\": \(seed), \"kernels\": \(summary.randomCount), \(medians(summary.randomMedians))}",
        ]
        if perKernel {
            let rows = (0..<summary.count).map { index in
                let (symmetry, shape) = (summary.symmetries[index], summary.shapes[index])
                return "{\"index\": \(index), \"radial_symmetry\": \(jsonNumber(symmetry.radialSymmetry)), "
                    + "\"rotation_90\": \(jsonNumber(symmetry.quarterTurn)), \"rotation_45\": \(jsonNumber(symmetry.eighthTurn)), "
                    + "\"rotation_180\": \(jsonNumber(symmetry.halfTurn)), \"orientation_share\": \(jsonNumber(shape.orientationShare)), "
                    + "\"orientation_degrees\": \(jsonNumber(DictionarySummary.degrees(shape.dominantOrientation))), "
                    + "\"peak_frequency\": \(jsonNumber(shape.peakFrequency))}"
            }
            fields.append("\"per_kernel\": [\(rows.joined(separator: ", "))]")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}
