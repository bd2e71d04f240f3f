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

        if json {
            lines.append(dictionary.reportJSON(geometry: shape, summary: summary, seed: seed, perAtom: perAtom))
            continue
        }
        if !lines.isEmpty { lines.append("") }
        lines += dictionary.reportLines(geometry: shape, summary: summary, seed: seed, perAtom: perAtom)
    }
    try context.output.sink().write(Array((lines.joined(separator: "\n") + "\n").utf8))
}
