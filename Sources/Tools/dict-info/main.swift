// dict-info: describe a dictionary, and measure how oriented and localised its atoms are next to random atoms.
import ModelFiles
import SparseCoding
import TensorCore
import ToolSupport

let patchSizeOption = SharedOptions.patchSize(absent: "the patch_height/patch_width attributes, else square", value: "HxW",
                                              help: "patch size of the atoms (N or HxW); features must be H x W x channels")
let windowOption = OptionSpec<Int>("window", value: "W", absent: "half the shorter patch side", range: 1...4096, help: "side of the square window of the localisation")
let perAtomFlag = Flag("per-atom", help: "also print one line per atom: atom INDEX SHARE DEGREES LOCALISATION PEAK")
let jsonFlag = Flag("json", help: "print one JSON object per dictionary, one per line, instead of key: value lines")

let description = ToolDescription(
    name: "dict-info",
    usage: "[options] [DICT...]",
    summary: "Describe a dictionary (size, patch geometry, attributes, atom norms, mutual coherence) and measure how oriented and localised its atoms are, next to random atoms.",
    details: """
    Reads each dictionary D [atoms, features] (one atom per row, as scikit-learn's
    components_; a stream, .npy or .npz; stdin when none or -) and prints key: value lines:
    its size, patch geometry, attributes (lambda, seed, objective, ...), the smallest and
    largest atom norm, the mutual coherence max |<d_i, d_j>| / (|d_i| |d_j|) over i != j,
    and the medians over its atoms of the shape measures below, next to the same medians for
    as many seeded random Gaussian unit atoms of the same shape (--seed):

      orientation share  the share of the atom's spectral power within +/-22.5 degrees of its
                         dominant orientation: |DFT|^2 of the atom minus its mean, zero-padded
                         to max(32, 4 x side) squared, summed over channels, DC left out.
                         A grating gives 0.87-0.90 on 8x8 (0.93-0.95 on 16x16) at 0.3
                         cycles/pixel; random 8x8 atoms about 0.37 (isotropic: 0.25)
      orientation        the direction of the dominant spatial-frequency vector (across the
                         stripes, normal to the edges), degrees in [0, 180) from +x (right)
                         towards +y (down): vertical stripes are 0, horizontal ones 90
      localisation       the largest share of the atom's energy (sum of squares) inside any
                         WxW square window (--window): 1 for a delta, about 0.38 for random
                         8x8 atoms with W = 4 (white noise: 16/64 plus the best of 25 windows)
      peak frequency     the radius of the strongest bin of that spectrum, cycles/pixel

    Atoms learned on whitened natural-image patches should look like Gabor functions: both
    oriented and localised, well above the random baseline. The patch geometry (rows are
    row-major y, x, channel) is --patch-size, else the patch_height/patch_width (and
    channels) attributes, else the square root of features (or of features/3: colour).
    --per-atom adds one line per atom: atom INDEX SHARE DEGREES LOCALISATION PEAK.
    Memory: one dictionary at a time, as many random atoms, and 256 rows of its Gram matrix.
    """,
    options: [patchSizeOption, windowOption, SharedOptions.seed, perAtomFlag, jsonFlag],
    example: "dict-info samples/dct-8x8-256.lpt --per-atom | grep '^atom ' | sort -g -k3 | tail",
    writesText: true)

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

ToolRunner.run(description) { context in
    let patchSize = context.given(patchSizeOption)
    let window = context.given(windowOption)
    let seed = try context.value(SharedOptions.seed)
    let perAtom = context.has(perAtomFlag)
    let json = context.has(jsonFlag)
    var lines: [String] = []

    for path in context.inputPaths {
        let dictionary = try DictionaryModel.read(path: path)
        let shape = try dictionary.patchGeometry(given: patchSize.map { ($0.height, $0.width) })
        if let window, window > min(shape.height, shape.width) {
            throw UsageError("--window \(window) is larger than the \(shape.height)x\(shape.width) patch")
        }
        let summary = DictionarySummary(dictionary: dictionary.values, atoms: dictionary.atoms, height: shape.height, width: shape.width,
                                        channels: shape.channels, window: window, seed: seed)
        let (learned, baseline) = (summary.medians, summary.randomMedians)
        let degrees = { (atom: AtomShape) in DictionarySummary.degrees(atom.dominantOrientation) }

        if json {
            var fields = [
                "\"dict\": \(jsonString(path))", "\"atoms\": \(dictionary.atoms)", "\"features\": \(dictionary.features)",
                "\"patch_height\": \(shape.height)", "\"patch_width\": \(shape.width)", "\"channels\": \(shape.channels)",
                "\"patch_from\": \(jsonString(shape.source))",
            ]
            let attributes = dictionary.frame.attributes.map { key, value -> String in
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
            lines.append("{" + fields.joined(separator: ", ") + "}")
            continue
        }

        if !lines.isEmpty { lines.append("") }
        lines += ["dict: \(path)", "atoms: \(dictionary.atoms)", "features: \(dictionary.features)", "patch: \(shape.height)x\(shape.width)",
                  "channels: \(shape.channels)", "patch-from: \(shape.source)"]
        for (key, value) in dictionary.frame.attributes {
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
    }
    try context.output.sink().write(Array((lines.joined(separator: "\n") + "\n").utf8))
}
