import TensorCore

/// Top-left corners of patches on a regular grid covering every pixel, in row-major order
/// (all positions of the first grid row, left to right, then the next row).
///
/// On each axis the starts are `0, s, 2s, ...` while the patch fits, plus one final start at
/// `H - ph` (resp. `W - pw`) when the last regular one does not reach the border: no patch
/// leaves the image, the border is always reached, and every pixel is covered when
/// `stride <= ph` (resp. `pw`); a larger stride samples with gaps. Example: H = 10, ph = 8, s = 4 gives
/// rows [0, 2]; H = 16 gives [0, 4, 8].
///
/// - Returns: `rows.count * columns.count` positions; empty if the image is smaller than
///   the patch on either axis.
public func gridPositions(imageHeight: Int, imageWidth: Int,
                          geometry: PatchGeometry) -> [PatchPosition] {
    let ys = gridStarts(length: imageHeight, patch: geometry.height, stride: geometry.stride)
    let xs = gridStarts(length: imageWidth, patch: geometry.width, stride: geometry.stride)
    var positions: [PatchPosition] = []
    positions.reserveCapacity(ys.count * xs.count)
    for y in ys {
        for x in xs { positions.append(PatchPosition(y: y, x: x)) }
    }
    return positions
}

/// The grid starts on one axis of `length` pixels (see `gridPositions`); empty when
/// `length < patch`.
public func gridStarts(length: Int, patch: Int, stride step: Int) -> [Int] {
    precondition(patch >= 1 && step >= 1)
    guard length >= patch else { return [] }
    var starts = Array(stride(from: 0, through: length - patch, by: step))
    if starts.last! != length - patch { starts.append(length - patch) }
    return starts
}

/// `count` top-left corners drawn uniformly and independently (with replacement) among
/// all positions where the patch fits; `geometry.stride` is not used.
///
/// Each position draws `y = generator.below(H - ph + 1)` then `x = generator.below(W - pw + 1)`,
/// so the same seed gives the same positions on every platform.
///
/// - Returns: `count` positions, or none if the image is smaller than the patch.
public func randomPositions(count: Int, imageHeight: Int, imageWidth: Int,
                            geometry: PatchGeometry,
                            generator: inout SeededGenerator) -> [PatchPosition] {
    precondition(count >= 0, "negative patch count")
    guard imageHeight >= geometry.height, imageWidth >= geometry.width else { return [] }
    let rows = imageHeight - geometry.height + 1
    let columns = imageWidth - geometry.width + 1
    var positions: [PatchPosition] = []
    positions.reserveCapacity(count)
    for _ in 0..<count {
        let y = generator.below(rows)
        let x = generator.below(columns)
        positions.append(PatchPosition(y: y, x: x))
    }
    return positions
}
