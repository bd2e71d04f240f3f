// dict-info: describe a dictionary, and measure how oriented and localised its atoms are next to random atoms.
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

/// How the atoms are laid out as patches, and where that came from.
struct Geometry {
    var height: Int, width: Int, channels: Int
    var source: String
}

/// --patch-size, else the attributes, else a square (gray or colour) patch.
func geometry(of dictionary: DictionaryFile, given: PatchSize?) throws -> Geometry {
    let features = dictionary.features
    func wholeAttribute(_ key: String) -> Int? {
        guard let value = dictionary.frame.attribute(key)?.number, value.rounded() == value, value >= 1, value <= 4096 else { return nil }
        return Int(value)
    }
    let storedChannels = wholeAttribute("channels")
    func resolve(_ height: Int, _ width: Int, _ source: String) throws -> Geometry {
        let channels = storedChannels ?? max(1, features / (height * width))
        guard height * width * channels == features, storedChannels != nil || channels == 1 || channels == 3 else {
            let colour = storedChannels.map { " x \($0) channels" } ?? " (x 1 or 3 channels)"
            throw ToolFailure("\(dictionary.path): \(features) features are not a \(height)x\(width) patch\(colour) (size from \(source)); give --patch-size HxW")
        }
        return Geometry(height: height, width: width, channels: channels, source: source)
    }
    if let given { return try resolve(given.height, given.width, "--patch-size") }
    if let height = wholeAttribute("patch_height"), let width = wholeAttribute("patch_width") {
        return try resolve(height, width, "attributes")
    }
    for channels in storedChannels.map({ [$0] }) ?? [1, 3] where features % channels == 0 {
        let side = Int(Double(features / channels).squareRoot().rounded())
        if side * side * channels == features {
            return Geometry(height: side, width: side, channels: channels, source: "square root of features")
        }
    }
    throw ToolFailure("\(dictionary.path): cannot tell the patch size of atoms of \(features) features; give --patch-size HxW")
}

/// `atoms` Gaussian atoms of `features` values, each scaled to unit norm, from `seed`.
func randomUnitAtoms(atoms: Int, features: Int, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    var values: [Float] = []
    values.reserveCapacity(atoms * features)
    for _ in 0..<atoms {
        let atom = (0..<features).map { _ in generator.gaussian() }
        let norm = atom.reduce(0) { $0 + $1 * $1 }.squareRoot()
        values += atom.map { Float(norm > 0 ? $0 / norm : 0) }
    }
    return values
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

/// Degrees in [0, 180) as printed with two decimals (179.999 prints as 0.00, not 180.00).
func degrees(_ radians: Double) -> Double {
    let value = radians * 180 / Double.pi
    return value >= 179.995 ? max(0, value - 180) : value
}

ToolRunner.run(description) { context in
    let patchSize = context.given(patchSizeOption)
    let window = context.given(windowOption)
    let seed = try context.value(SharedOptions.seed)
    let perAtom = context.has(perAtomFlag)
    let json = context.has(jsonFlag)
    var lines: [String] = []

    for path in context.inputPaths {
        let dictionary = try DictionaryFile(path: path)
        let shape = try geometry(of: dictionary, given: patchSize)
        if let window, window > min(shape.height, shape.width) {
            throw UsageError("--window \(window) is larger than the \(shape.height)x\(shape.width) patch")
        }
        let windowSide = window ?? AtomShape.defaultWindow(height: shape.height, width: shape.width)
        let (atoms, features) = (dictionary.atoms, dictionary.features)

        var norms: [Double] = []
        for atom in 0..<atoms {
            norms.append(dictionary.values[(atom * features)..<((atom + 1) * features)]
                .reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
        }
        let coherence = mutualCoherence(dictionary: dictionary.values, atoms: atoms, features: features)
        let shapes = atomShapes(dictionary: dictionary.values, atoms: atoms, height: shape.height, width: shape.width,
                                channels: shape.channels, window: windowSide)
        let random = atomShapes(dictionary: randomUnitAtoms(atoms: atoms, features: features, seed: seed), atoms: atoms,
                                height: shape.height, width: shape.width, channels: shape.channels, window: windowSide)
        func medians(_ shapes: [AtomShape]) -> (share: Double, localisation: Double, peak: Double) {
            (AtomShape.median(shapes.map(\.orientationShare)), AtomShape.median(shapes.map(\.localisation)),
             AtomShape.median(shapes.map(\.peakFrequency)))
        }
        let learned = medians(shapes), baseline = medians(random)

        if json {
            var fields = [
                "\"dict\": \(jsonString(path))", "\"atoms\": \(atoms)", "\"features\": \(features)",
                "\"patch_height\": \(shape.height)", "\"patch_width\": \(shape.width)", "\"channels\": \(shape.channels)",
                "\"patch_from\": \(jsonString(shape.source))",
            ]
            let attributes = dictionary.frame.attributes.map { key, value -> String in
                let text = value.number.map { jsonNumber($0, "%.17g") } ?? jsonString(value.string ?? "")
                return "\(jsonString(key)): \(text)"
            }
            fields.append("\"attributes\": {\(attributes.joined(separator: ", "))}")
            fields += [
                "\"norm_min\": \(jsonNumber(norms.min()!))", "\"norm_max\": \(jsonNumber(norms.max()!))",
                "\"mutual_coherence\": \(jsonNumber(coherence))", "\"window\": \(windowSide)",
                "\"median_orientation_share\": \(jsonNumber(learned.share))",
                "\"median_localisation\": \(jsonNumber(learned.localisation))",
                "\"median_peak_frequency\": \(jsonNumber(learned.peak))",
                "\"random\": {\"seed\": \(seed), \"median_orientation_share\": \(jsonNumber(baseline.share)), "
                    + "\"median_localisation\": \(jsonNumber(baseline.localisation)), \"median_peak_frequency\": \(jsonNumber(baseline.peak))}",
            ]
            if perAtom {
                let rows = shapes.enumerated().map { index, atom in
                    "{\"index\": \(index), \"orientation_share\": \(jsonNumber(atom.orientationShare)), "
                        + "\"orientation_degrees\": \(jsonNumber(degrees(atom.dominantOrientation))), "
                        + "\"localisation\": \(jsonNumber(atom.localisation)), \"peak_frequency\": \(jsonNumber(atom.peakFrequency))}"
                }
                fields.append("\"per_atom\": [\(rows.joined(separator: ", "))]")
            }
            lines.append("{" + fields.joined(separator: ", ") + "}")
            continue
        }

        if !lines.isEmpty { lines.append("") }
        lines += [
            "dict: \(path)",
            "atoms: \(atoms)",
            "features: \(features)",
            "patch: \(shape.height)x\(shape.width)",
            "channels: \(shape.channels)",
            "patch-from: \(shape.source)",
        ]
        for (key, value) in dictionary.frame.attributes {
            let text = value.description.map { $0.isNewline ? " " : $0 }
            lines.append("attribute.\(key): \(String(text))")
        }
        lines += [
            "norm-min: \(format(norms.min()!))",
            "norm-max: \(format(norms.max()!))",
            "mutual-coherence: \(format(coherence, "%.4f"))",
            "window: \(windowSide)x\(windowSide)",
            "median-orientation-share: \(format(learned.share, "%.4f"))",
            "median-localisation: \(format(learned.localisation, "%.4f"))",
            "median-peak-frequency: \(format(learned.peak, "%.4f"))",
            "random-seed: \(seed)",
            "random-median-orientation-share: \(format(baseline.share, "%.4f"))",
            "random-median-localisation: \(format(baseline.localisation, "%.4f"))",
            "random-median-peak-frequency: \(format(baseline.peak, "%.4f"))",
        ]
        if perAtom {
            lines.append("# atom INDEX ORIENTATION-SHARE ORIENTATION-DEGREES LOCALISATION PEAK-FREQUENCY")
            for (index, atom) in shapes.enumerated() {
                lines.append("atom \(index) \(format(atom.orientationShare, "%.4f")) \(format(degrees(atom.dominantOrientation), "%.2f")) "
                             + "\(format(atom.localisation, "%.4f")) \(format(atom.peakFrequency, "%.4f"))")
            }
        }
    }
    try context.output.sink().write(Array((lines.joined(separator: "\n") + "\n").utf8))
}
