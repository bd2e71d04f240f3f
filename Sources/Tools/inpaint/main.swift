// inpaint: fills the missing pixels of a PNG image by sparse coding each patch on its known pixels.
import ImageIO
import ModelFiles
import SparseCoding
import TensorCore
import ToolSupport

let dictionaryOption = SharedOptions.dictionary(required: "the atoms the patches are coded with",
                                                help: "dictionary [atoms, features] of patches, one atom per row (e.g. samples/dct-8x8-256.lpt); required")
let maskOption = OptionSpec<String>("mask", value: "MASK.png", required: "which pixels are known",
                                    help: "a gray PNG of the image's size: pixels >= 0.5 are known, darker ones missing; required")
let sigmaOption = OptionSpec<Double>("sigma", value: "S", default: 0, range: 0...1,
                                     help: "noise sd of the known pixels: a patch takes atoms until its squared residual on its k known values is at most k (C S)^2; 0 keeps the known pixels as they are")
let gainOption = OptionSpec<Double>("gain", value: "C", default: 1.05, range: 0...100, help: "C in the error target k (C S)^2")
let atomsPerRowOption = OptionSpec<Int>("atoms-per-row", value: "K", absent: "an eighth of a patch's values", range: 1...1_000_000,
                                        help: "most atoms per patch (at most a patch's values)")
let strideOption = OptionSpec<Int>("stride", value: "S", default: 1, range: 1...4096, help: "step between the coded patches")
let colorFlag = Flag("color", help: "RGB image and atoms of 3 values per pixel instead of gray")

let description = ToolDescription(
    name: "inpaint",
    usage: "--dict FILE --mask MASK.png [options] IMAGE.png",
    summary: "Fill in an image's missing pixels: every patch coded by OMP on its known pixels only, rebuilt whole, averaged.",
    details: """
    Each patch (every --stride pixels, the grid patchify makes) loses the mean of its known
    values (per channel) and is coded by masked OMP: z = argmin ||m (y - z D)||^2 with at most
    --atoms-per-row atoms, or fewer once the residual on the k known values is at most
    k (C sigma)^2; z D plus the mean is the whole patch, missing pixels included (Mairal, Elad &
    Sapiro 2008). Each pixel is the mean of its rebuilt patches; with --sigma 0 the known
    pixels keep their values, else they are denoised too. A pixel whose patches have no known
    value keeps its stored value (a note says how many). The dictionary's atoms are patches
    of the image's channels (patch size from its attributes, else square). Memory: the image,
    the mask and 4,096 patches at a time.
    """,
    options: [dictionaryOption, maskOption, sigmaOption, gainOption, atomsPerRowOption, strideOption, colorFlag, SharedOptions.pngDepth],
    example: "inpaint --dict samples/dct-8x8-256.lpt --mask holes.png photo.png -o filled.png")

ToolRunner.run(description) { context in
    let paths = context.arguments.positionals
    guard paths.count == 1 else { throw UsageError("give one PNG image to inpaint") }
    let depth: PNGBitDepth = try context.value(SharedOptions.pngDepth) == "16" ? .sixteen : .eight
    let dictionary = try DictionaryModel.read(path: try context.value(dictionaryOption))
    let shape = try dictionary.patchGeometry(given: nil)
    let color = context.has(colorFlag)
    guard shape.channels == (color ? 3 : 1) else {
        throw ToolFailure("\(dictionary.path) has atoms of \(shape.channels) channel(s) but the image is read as \(color ? "RGB (--color)" : "gray"); \(color ? "leave out" : "give") --color")
    }
    let features = dictionary.features
    let maxAtoms = context.given(atomsPerRowOption) ?? max(1, features / 8)
    guard maxAtoms <= features else {
        throw ToolFailure("--atoms-per-row \(maxAtoms) is more than the \(features) values of a patch")
    }
    let image = try readPNG(path: paths[0], color: color)
    let maskPath = try context.value(maskOption)
    let mask = try readPNG(path: maskPath, color: false)
    guard mask.width == image.width, mask.height == image.height else {
        throw ToolFailure("--mask \(maskPath) is \(mask.width)x\(mask.height) but \(paths[0]) is \(image.width)x\(image.height)")
    }
    guard image.height >= shape.height, image.width >= shape.width else {
        throw ToolFailure("\(paths[0]) is \(image.width)x\(image.height), smaller than the \(shape.width)x\(shape.height) patches")
    }
    let sigma = try context.value(sigmaOption), gain = try context.value(gainOption)
    let geometry = try PatchGeometry(height: shape.height, width: shape.width, stride: try context.value(strideOption))
    let positions = gridPositions(imageHeight: image.height, imageWidth: image.width, geometry: geometry)
    let knownValues = Image(width: image.width, height: image.height, channels: image.channels,
                            pixels: mask.pixels.flatMap { [Float](repeating: $0 >= 0.5 ? 1 : 0, count: image.channels) })
    let inpainter = PatchInpainter(encoder: MaskedOMP(dictionary: dictionary.values, atoms: dictionary.atoms, features: features),
                                   channels: image.channels, errorPerValue: (gain * sigma) * (gain * sigma), maxAtoms: maxAtoms)
    var assembler = PatchAssembler(height: image.height, width: image.width, channels: image.channels,
                                   patchHeight: shape.height, patchWidth: shape.width)
    // A band of patches at a time bounds the memory of the rebuilt patches.
    let band = 4096
    for start in stride(from: 0, to: positions.count, by: band) {
        let batch = Array(positions[start..<min(positions.count, start + band)])
        let values = extractPatches(from: image, at: batch, height: shape.height, width: shape.width)
        let known = extractPatches(from: knownValues, at: batch, height: shape.height, width: shape.width).map { $0 > 0.5 }
        let rebuilt = inpainter.rebuild(values, known: known)
        for (index, position) in batch.enumerated() where rebuilt.coded[index] {
            assembler.add(rebuilt.patches[(index * features)..<((index + 1) * features)], at: position)
        }
    }
    var filled = assembler.image(blendedWith: image, weight: 0)
    if sigma == 0 {
        for index in filled.pixels.indices where knownValues.pixels[index] > 0.5 { filled.pixels[index] = image.pixels[index] }
    }
    if assembler.uncoveredPixels > 0 {
        context.note("inpaint: \(assembler.uncoveredPixels) pixels lie in no patch with a known value and keep their stored values")
    }
    try context.output.sink().write(try encodePNG(filled, depth: depth, name: context.output.path ?? "stdout"))
}
