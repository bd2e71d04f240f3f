// The two random views of each image of a batch, side by side as the loss wants them.
import Augmentation
import TensorCore

/// Rows `[2·images.count, shape.count]`: image `images[i]`'s two views at rows 2i (drawn
/// first) and 2i+1, each by `augmentation` from `generator`. `rows` holds channel-last
/// image rows `[_, shape.count]` (patchify's and the digits' layout).
public func viewPairs(of images: [Int], in rows: [Float], shape: ImageShape, augmentation: RandomAugmentation,
                      generator: inout SeededGenerator) -> [Float] {
    let features = shape.count
    var views = [Float]()
    views.reserveCapacity(2 * images.count * features)
    for image in images {
        let planes = Planes(channelLastRow: rows[(image * features)..<((image + 1) * features)], shape: shape)
        for _ in 0..<2 { views += augmentation.apply(to: planes, using: &generator).channelLastRow }
    }
    return views
}
