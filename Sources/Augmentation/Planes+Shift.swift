extension Planes {
    /// The image moved `down` pixels down and `right` pixels right (negative: up, left), the
    /// pixels uncovered filled with zeros: `out[c, y, x] = in[c, y − down, x − right]`, 0 where
    /// that lies outside. As scikit-learn's RBM example `nudge_dataset` shifts digits.
    public func shifted(down: Int, right: Int) -> Planes {
        var out = Planes(zerosLike: shape)
        let rows = max(0, down)..<max(max(0, down), min(height, height + down))
        let columns = max(0, right)..<max(max(0, right), min(width, width + right))
        for channel in 0..<channels {
            for y in rows {
                for x in columns { out[channel, y, x] = self[channel, y - down, x - right] }
            }
        }
        return out
    }
}
