/// A band of rows of the feature maps of a tiled encoding.
public struct CSCMapBand: Sendable {
    /// The image row of the band's first row.
    public var firstRow: Int
    /// The maps of rows `firstRow ..< firstRow + maps.height`, every column: `[M, rows, W]`.
    public var maps: PlaneStack
}

/// Totals of a tiled encoding.
public struct CSCTiledSummary: Sendable {
    public var tiles: Int
    /// Σ over tiles of the energy of the tile's interior (its data term over the interior pixels
    /// with the tile's own reconstruction, and λ‖Z‖₁ over the interior maps).
    public var energy: CSCEnergy
    public var nonZeros: Int
    /// The most iterations a tile took.
    public var maxIterations: Int
    /// Tiles that stopped at `maxIterations`.
    public var unconvergedTiles: Int
}

extension CSCEncoder {
    /// Images with more pixels than this are encoded in tiles by the tools (their whole-image
    /// spectra, M of them, would take M · H · W · 4 bytes and more).
    public static let tilingThreshold = 1024 * 1024

    /// Whether an image of `height × width` should be encoded in tiles.
    public static func needsTiles(height: Int, width: Int) -> Bool { height * width > tilingThreshold }

    /// Encodes `image` in overlapping square tiles of `tileSize` (clamped to the image), each
    /// coded on its own with circular boundaries; only a tile's interior is kept (a margin of
    /// twice the kernel size is dropped on each side that is not the image's edge), so
    /// memory is bounded by one tile's solver and one band of rows of maps, `M · (tileSize) · W`
    /// values, whatever the image's height. `deliver` receives the maps band by band, top to bottom.
    public func encodeInTiles(_ image: PlaneStack, tileSize: Int = 512,
                              deliver: (CSCMapBand) throws -> Void) throws -> CSCTiledSummary {
        try check(image)
        let margin = 2 * max(kernels.height, kernels.width)
        let tileHeight = min(image.height, max(tileSize, 4 * margin))
        let tileWidth = min(image.width, max(tileSize, 4 * margin))
        // Interior step: the tile less a margin on both sides (the whole tile if the image is that small).
        let stepY = tileHeight == image.height ? image.height : tileHeight - 2 * margin
        let stepX = tileWidth == image.width ? image.width : tileWidth - 2 * margin
        let m = kernels.count
        var summary = CSCTiledSummary(tiles: 0, energy: CSCEnergy(dataTerm: 0, l1Norm: 0, lambda: Double(options.lambda)),
                                      nonZeros: 0, maxIterations: 0, unconvergedTiles: 0)
        var bandTop = 0
        while bandTop < image.height {
            let bandRows = min(stepY, image.height - bandTop)
            var band = PlaneStack(planes: m, height: bandRows, width: image.width)
            // The tile's rows: the band with a margin above and below, kept inside the image.
            let tileTop = max(0, min(bandTop - margin, image.height - tileHeight))
            var left = 0
            while left < image.width {
                let columns = min(stepX, image.width - left)
                let tileLeft = max(0, min(left - margin, image.width - tileWidth))
                let tile = image.cropped(rows: tileTop..<(tileTop + tileHeight), columns: tileLeft..<(tileLeft + tileWidth))
                let result = try encode(tile)
                summary.tiles += 1
                summary.maxIterations = max(summary.maxIterations, result.iterations)
                if result.stopReason == .maxIterations { summary.unconvergedTiles += 1 }
                let op = try convolutionOperator(height: tileHeight, width: tileWidth)
                let reconstruction = op.reconstruct(result.maps)
                let (rowOffset, columnOffset) = (bandTop - tileTop, left - tileLeft)
                for plane in 0..<m {
                    for y in 0..<bandRows {
                        let source = (plane * tileHeight + rowOffset + y) * tileWidth + columnOffset
                        let target = (plane * bandRows + y) * image.width + left
                        for x in 0..<columns {
                            let value = result.maps.values[source + x]
                            band.values[target + x] = value
                            if value != 0 {
                                summary.nonZeros += 1
                                summary.energy.l1Norm += Double(abs(value))
                            }
                        }
                    }
                }
                for channel in 0..<image.planes {
                    for y in 0..<bandRows {
                        let source = (channel * tileHeight + rowOffset + y) * tileWidth + columnOffset
                        let target = (channel * image.height + bandTop + y) * image.width + left
                        for x in 0..<columns {
                            let r = Double(reconstruction.values[source + x]) - Double(image.values[target + x])
                            summary.energy.dataTerm += r * r / 2
                        }
                    }
                }
                left += columns
            }
            try deliver(CSCMapBand(firstRow: bandTop, maps: band))
            bandTop += bandRows
        }
        return summary
    }
}
