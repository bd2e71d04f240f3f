/// Picking rows out of a frame whose tensors share a row axis.
extension Frame {
    /// A copy in which each tensor named in `rowTensors` keeps only the rows at `indices` (in
    /// that order, see `Tensor.rows(at:)`); every other tensor and every attribute is copied
    /// as it is, in place.
    /// - Precondition: each named tensor has rank ≥ 1 and every index is one of its rows.
    public func selectingRows(_ indices: [Int], of rowTensors: Set<String>) -> Frame {
        var picked = self
        for (name, tensor) in tensors where rowTensors.contains(name) { picked[name] = tensor.rows(at: indices) }
        return picked
    }
}
