// dict-info: describe a dictionary or convolution kernels, and measure how oriented, localised
// (atoms) or rotation-symmetric (kernels) they are next to random ones.
import ModelFiles
import SparseCoding
import TensorCore
import TensorStream
import ToolSupport

let patchSizeOption = SharedOptions.patchSize(absent: "the patch_height/patch_width attributes, else square", value: "HxW",
                                              help: "patch size of the atoms (N or HxW); features must be H x W x channels")
let windowOption = OptionSpec<Int>("window", value: "W", absent: "half the shorter patch side", range: 1...4096, help: "side of the square window of the localisation")
let perAtomFlag = Flag("per-atom", help: "also print one line per atom (atom INDEX SHARE DEGREES LOCALISATION PEAK) or kernel (kernel INDEX SYMMETRY R90 R45 R180 SHARE DEGREES PEAK)")
let jsonFlag = Flag("json", help: "print one JSON object per dictionary, one per line, instead of key: value lines")

let description = ToolDescription(
    name: "dict-info",
    usage: "[options] [DICT...]",
    summary: "Describe a dictionary or convolution kernels (size, geometry, attributes, norms, mutual coherence) and measure how oriented, localised or rotation-symmetric they are, next to random ones.",
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

    Convolution kernels [kernels, channels, height, width] (a 4-D data tensor, or kind
    csc-kernels: csc-learn's output) get their own report: count, channels, kernel-size,
    attributes, norms, mutual coherence (kernels unshifted), and the medians over the kernels
    of the measures below next to those of max(1000, kernels) seeded random Gaussian unit
    kernels of the same shape (random-kernels; --seed):

      radial symmetry    the mean of the rotation-90 and rotation-45 correlations: near 1
                         for a centre-surround kernel, low for oriented ones (random 8x8
                         kernels: about 0.03)
      rotation-90/-45/-180  the normalised inner product <k, R k> / (|k| |R k|) of the kernel
                         (mean NOT removed, zero off its support) with itself turned about
                         its centre of energy (kernels are defined up to a shift; rounded to
                         whole or half pixels): by 90 and 180 degrees over every pixel, by 45
                         degrees sampled bilinearly over the disc of radius (side - 1)/2. An
                         edge gives about 0 at 90 and -1 at 180
      orientation share  as for atoms, the spectral power summed over channels
      peak frequency     as for atoms
    --per-atom then prints kernel INDEX SYMMETRY R90 R45 R180 SHARE DEGREES PEAK.
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
        let frame = try TensorInput.readSingleFrame(path: path)
        if KernelsReport.holdsKernels(frame) {
            let report = KernelsReport(model: try ConvolutionKernelsModel(frame: frame, path: path), seed: seed)
            if json {
                lines.append(report.json(perKernel: perAtom))
                continue
            }
            if !lines.isEmpty { lines.append("") }
            lines += report.lines(perKernel: perAtom)
            continue
        }
        let dictionary = try DictionaryModel(frame: frame, path: path)
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
