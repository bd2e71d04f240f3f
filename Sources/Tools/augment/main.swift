// augment: transformed copies (views) of images or patch rows: shifts, rotations, crops, noise, contrast; or scikit-learn's nudge.
import Augmentation
import TensorCore
import TensorStream
import ToolSupport

let shiftOption = AugmentationOptions.shift(default: 0)
let viewsOption = OptionSpec<Int>("views", value: "V", default: 1, range: 1...10_000, help: "random views written for each input row or image")
let nudgeFlag = Flag("nudge", help: "instead of random views, the image and its four one-pixel shifts (up, left, right, down): 5 views, no randomness")

let description = ToolDescription(
    name: "augment",
    usage: "[--shift K] [--rotate DEG] [--crop F] [--noise SIGMA] [--contrast F] [--brightness B] [--views V] [--seed S] [INPUT...] | --nudge [INPUT...]",
    summary: "Write transformed copies (views) of images or patch rows: random shifts, rotations, crops, noise, contrast; or scikit-learn's nudge.",
    details: """
    Content-preserving transformations, for data augmentation and for the positive pairs of
    contrastive learning (two views of one row are a positive pair). Reads frames of
      rows    data [rows, features] (rows are samples): each row one image of patch_height x
              patch_width pixels x channels, channel last (the attributes; without them a
              square of 1 channel, or of the channels attribute), as patchify and the digits
      images  data [C, H, W], planar (an image frame, one image per frame)
    and writes V views of each: for rows, one frame per input frame with data [rows*V,
    features] grouped per source row (row r's views are rows r*V ... r*V+V-1), a tensor view
    i32 [rows*V] (which view, 0..V-1) and source i32 [rows*V] (the input row, counted over
    all frames); every other tensor with one row per row (labels) is repeated with its row,
    everything else and every attribute passes through. For images, V frames per input image,
    each with view and source i32 [1] (the input image's index). Output data is f32.
    Each view draws its own parameters, steps in this order, each only when asked for: crop
    of F of each side (rounded, at least 1 pixel) then bilinear resize back; rotation about
    the centre (positive = counter-clockwise); shift; contrast and brightness (v -> m + c(v -
    m) + b, m the image's mean); Gaussian noise. With no step asked for, views are copies.
    --nudge is scikit-learn's nudge_dataset (the RBM digits example): view 0 is the row, views
    1-4 it moved by one pixel up, left, right and down, zero filled (view k is that example's
    k-th block of rows): 5x the data, no seed.
    One frame at a time. Same input and seed, same bytes.
    """,
    options: AugmentationOptions.all(shift: shiftOption) + [viewsOption, nudgeFlag, SharedOptions.seed],
    example: "augment --nudge samples/digits-8x8.lpt -o nudged.lpt; augment --shift 1 --rotate 10 --views 2 --seed 1 samples/digits-8x8.lpt -o pairs.lpt")

/// The views asked for on the command line.
func viewPlan(_ context: ToolContext) throws -> ViewPlan {
    let random = AugmentationOptions.all(shift: shiftOption) + [viewsOption, SharedOptions.seed]
    if context.has(nudgeFlag) {
        if let given = random.first(where: context.has) {
            throw UsageError("--nudge makes its 5 fixed views; it takes no --\(given.option.name)")
        }
        return .nudge
    }
    let augmentation = try AugmentationOptions.augmentation(context, shift: shiftOption)
    return .random(augmentation, count: try context.value(viewsOption))
}

ToolRunner.run(description) { context in
    let plan = try viewPlan(context)
    var generator = SeededGenerator(seed: try context.value(SharedOptions.seed))
    var sources = 0
    try context.forEachFrame { frame in
        guard let data = frame["data"], data.rank == 2 || data.rank == 3 else {
            throw ToolFailure("'data' must be rows [rows, features] or an image [C, H, W], not \(frame["data"]?.shapeDescription ?? "missing")")
        }
        try data.requireFinite("data")
        let isImage = data.rank == 3
        let shape = isImage
            ? ImageShape(channels: data.shape[0], height: data.shape[1], width: data.shape[2])
            : try frame.rowImageShape(features: data.rowLength)
        guard plan.largestShift < min(shape.height, shape.width) else {
            throw ToolFailure("a shift of up to \(plan.largestShift) pixels would empty images of \(shape.height)x\(shape.width); give a smaller --shift")
        }
        let values = data.floats
        if isImage {
            for (view, planes) in plan.views(of: Planes(channels: shape.channels, height: shape.height, width: shape.width, values: values),
                                             using: &generator).enumerated() {
                var out = frame
                out["data"] = Tensor(shape: data.shape, floats: planes.values)
                out["view"] = Tensor(shape: [1], ints: [Int32(view)])
                out["source"] = Tensor(shape: [1], ints: [Int32(sources)])
                try context.write(out)
            }
            sources += 1
            return
        }
        let (rows, features, count) = (data.rows, data.rowLength, plan.count)
        var augmented: [Float] = []
        augmented.reserveCapacity(rows * count * features)
        for row in 0..<rows {
            let image = Planes(channelLastRow: values[(row * features)..<((row + 1) * features)], shape: shape)
            for view in plan.views(of: image, using: &generator) { augmented += view.channelLastRow }
        }
        let repeated = (0..<rows).flatMap { Array(repeating: $0, count: count) }
        let rowTensors = Set(frame.tensors.filter { $0.tensor.rank >= 1 && $0.tensor.shape[0] == rows }.map(\.name))
        var out = frame.selectingRows(repeated, of: rowTensors)
        out["data"] = Tensor(shape: [rows * count, features], floats: augmented)
        out["view"] = Tensor(shape: [rows * count], ints: (0..<rows * count).map { Int32($0 % count) })
        out["source"] = Tensor(shape: [rows * count], ints: repeated.map { Int32(sources + $0) })
        try context.write(out)
        sources += rows
        context.progress("\(sources) rows, \(sources * count) views")
    }
}
