extension DictionaryModel {
    /// How a dictionary's atoms are laid out as patches (rows are row-major y, x, channel),
    /// and where that came from.
    public struct PatchGeometry: Sendable, Equatable {
        public var height: Int, width: Int, channels: Int
        /// "--patch-size", "attributes" or "square root of features".
        public var source: String
    }

    /// The atoms' patch geometry: `given` (a `--patch-size`), else the patch_height/patch_width
    /// (and channels) attributes, else a square patch of 1 or 3 channels.
    public func patchGeometry(given: (height: Int, width: Int)?) throws -> PatchGeometry {
        let storedChannels = frame.wholeAttribute("channels", in: 1...4096)
        func resolve(_ height: Int, _ width: Int, _ source: String) throws -> PatchGeometry {
            let channels = storedChannels ?? max(1, features / (height * width))
            guard height * width * channels == features, storedChannels != nil || channels == 1 || channels == 3 else {
                let colour = storedChannels.map { " x \($0) channels" } ?? " (x 1 or 3 channels)"
                throw ModelFileError("\(path): \(features) features are not a \(height)x\(width) patch\(colour) (size from \(source)); give --patch-size HxW")
            }
            return PatchGeometry(height: height, width: width, channels: channels, source: source)
        }
        if let given { return try resolve(given.height, given.width, "--patch-size") }
        if let height = frame.wholeAttribute("patch_height", in: 1...4096), let width = frame.wholeAttribute("patch_width", in: 1...4096) {
            return try resolve(height, width, "attributes")
        }
        for channels in storedChannels.map({ [$0] }) ?? [1, 3] where features % channels == 0 {
            let side = Int(Double(features / channels).squareRoot().rounded())
            if side * side * channels == features {
                return PatchGeometry(height: side, width: side, channels: channels, source: "square root of features")
            }
        }
        throw ModelFileError("\(path): cannot tell the patch size of atoms of \(features) features; give --patch-size HxW")
    }
}
