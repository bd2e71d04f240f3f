import SparseCoding
import TensorCore

/// `dict-info`'s report on a dictionary: key: value lines or one JSON object.
extension DictionaryModel {
    /// The report as `key: value` lines (and, with `perAtom`, one `atom ...` line per atom).
    public func reportLines(geometry shape: PatchGeometry, summary: DictionarySummary, seed: UInt64, perAtom: Bool) -> [String] {
        let (learned, baseline) = (summary.medians, summary.randomMedians)
        let degrees = { (atom: AtomShape) in DictionarySummary.degrees(atom.dominantOrientation) }
        var lines: [String] = []
        lines += ["dict: \(path)", "atoms: \(atoms)", "features: \(features)", "patch: \(shape.height)x\(shape.width)",
                  "channels: \(shape.channels)", "patch-from: \(shape.source)"]
        for (key, value) in frame.attributes {
            lines.append("attribute.\(key): \(String(value.description.map { $0.isNewline ? " " : $0 }))")
        }
        lines += [
            "norm-min: \(format(summary.smallestNorm))", "norm-max: \(format(summary.largestNorm))",
            "mutual-coherence: \(format(summary.mutualCoherence, "%.4f"))", "window: \(summary.window)x\(summary.window)",
            "median-orientation-share: \(format(learned.orientationShare, "%.4f"))", "median-localisation: \(format(learned.localisation, "%.4f"))",
            "median-peak-frequency: \(format(learned.peakFrequency, "%.4f"))", "random-seed: \(seed)",
            "random-median-orientation-share: \(format(baseline.orientationShare, "%.4f"))",
            "random-median-localisation: \(format(baseline.localisation, "%.4f"))",
            "random-median-peak-frequency: \(format(baseline.peakFrequency, "%.4f"))",
        ]
        if perAtom {
            lines.append("# atom INDEX ORIENTATION-SHARE ORIENTATION-DEGREES LOCALISATION PEAK-FREQUENCY")
            for (index, atom) in summary.shapes.enumerated() {
                lines.append("atom \(index) \(format(atom.orientationShare, "%.4f")) \(format(degrees(atom), "%.2f")) "
                             + "\(format(atom.localisation, "%.4f")) \(format(atom.peakFrequency, "%.4f"))")
            }
        }
        return lines
    }

    /// The report as one line of JSON.
    public func reportJSON(geometry shape: PatchGeometry, summary: DictionarySummary, seed: UInt64, perAtom: Bool) -> String {
        let (learned, baseline) = (summary.medians, summary.randomMedians)
        let degrees = { (atom: AtomShape) in DictionarySummary.degrees(atom.dominantOrientation) }
        var fields = [
            "\"dict\": \(jsonString(path))", "\"atoms\": \(atoms)", "\"features\": \(features)",
            "\"patch_height\": \(shape.height)", "\"patch_width\": \(shape.width)", "\"channels\": \(shape.channels)",
            "\"patch_from\": \(jsonString(shape.source))",
        ]
        let attributes = frame.attributes.map { key, value -> String in
            let text = value.number.map { jsonNumber($0, "%.17g") } ?? jsonString(value.string ?? "")
            return "\(jsonString(key)): \(text)"
        }
        fields.append("\"attributes\": {\(attributes.joined(separator: ", "))}")
        fields += [
            "\"norm_min\": \(jsonNumber(summary.smallestNorm))", "\"norm_max\": \(jsonNumber(summary.largestNorm))",
            "\"mutual_coherence\": \(jsonNumber(summary.mutualCoherence))", "\"window\": \(summary.window)",
            "\"median_orientation_share\": \(jsonNumber(learned.orientationShare))",
            "\"median_localisation\": \(jsonNumber(learned.localisation))",
            "\"median_peak_frequency\": \(jsonNumber(learned.peakFrequency))",
            "\"random\": {\"seed\": \(seed), \"median_orientation_share\": \(jsonNumber(baseline.orientationShare)), "
                + "\"median_localisation\": \(jsonNumber(baseline.localisation)), \"median_peak_frequency\": \(jsonNumber(baseline.peakFrequency))}",
        ]
        if perAtom {
            let rows = summary.shapes.enumerated().map { index, atom in
                "{\"index\": \(index), \"orientation_share\": \(jsonNumber(atom.orientationShare)), "
                    + "\"orientation_degrees\": \(jsonNumber(degrees(atom))), "
                    + "\"localisation\": \(jsonNumber(atom.localisation)), \"peak_frequency\": \(jsonNumber(atom.peakFrequency))}"
            }
            fields.append("\"per_atom\": [\(rows.joined(separator: ", "))]")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

func jsonNumber(_ value: Double, _ specifier: String = "%.6g") -> String { value.isFinite ? format(value, specifier) : "null" }

