/// scikit-learn's `nudge_dataset` (the RBM example, "Restricted Boltzmann Machine features
/// for digit classification"): every image with its four copies moved by one pixel, zero
/// filled, for 5× the data.
public enum Nudge {
    /// The five offsets `(down, right)`, view by view: the image itself, then moved up, left,
    /// right and down by one pixel (the order of scikit-learn's `direction_vectors`, so view k
    /// is its k-th block of rows).
    public static let offsets: [(down: Int, right: Int)] = [(0, 0), (-1, 0), (0, -1), (0, 1), (1, 0)]

    /// The five views of `image`, in the order of `offsets`.
    public static func views(of image: Planes) -> [Planes] {
        offsets.map { image.shifted(down: $0.down, right: $0.right) }
    }
}
