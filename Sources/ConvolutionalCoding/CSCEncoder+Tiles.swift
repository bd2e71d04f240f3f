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
    /// The energy of the stitched maps on the whole image, ½‖Y − Σ K * Z‖² + λ‖Z‖₁ with the
    /// whole-image circular operator (each tile's interior pixels are final once it is solved).
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

    /// Encodes `image` block by block in raster order (bands top to bottom, tiles left to right),
    /// so that the stitched maps are one consistent code of the whole image.
    ///
    /// A map at (q, r) touches only the pixels (q ..< q + S1, r ..< r + S2), below and right of it.
    /// A tile is its interior (the maps it keeps) plus a look-ahead margin of four kernel sizes
    /// below and to the right (clipped at the image), whose maps are solved for and dropped. Before
    /// a tile is solved, the part of the image synthesised by the maps already kept (the previous
    /// band's last S1 − 1 rows, the tiles to its left) is subtracted from its pixels, so the tile
    /// fits only what is left. Maps whose footprint would cross the tile's circular wrap (its last
    /// S1 − 1 rows and S2 − 1 columns) are held at zero, unless the tile spans the image in that
    /// dimension, where the whole image's circular convention holds. So Σ K * Z of the stitched
    /// maps (circular on the whole image) equals, pixel for pixel, what the tiles fitted; the
    /// image's last S1 − 1 rows (S2 − 1 columns) of maps are zero when it is tiled in height (width).
    ///
    /// Tiles are `tileSize` square at most (at least eight kernel sizes, clamped to the image).
    /// Memory: one tile's solver, one band of maps, `M · (tileSize − 4 S1) · W` values, and S1 − 1
    /// rows of the band before, whatever the image's height. `deliver` receives the maps band by
    /// band, top to bottom.
    public func encodeInTiles(_ image: PlaneStack, tileSize: Int = 512,
                              deliver: (CSCMapBand) throws -> Void) throws -> CSCTiledSummary {
        try check(image)
        let (m, channels) = (kernels.count, image.planes)
        let rows = TileLayout(length: image.height, kernelSize: kernels.height, tileSize: tileSize)
        let columns = TileLayout(length: image.width, kernelSize: kernels.width, tileSize: tileSize)
        var summary = CSCTiledSummary(tiles: 0, energy: CSCEnergy(dataTerm: 0, l1Norm: 0, lambda: Double(options.lambda)),
                                      nonZeros: 0, maxIterations: 0, unconvergedTiles: 0)
        var above: CSCMapBand? = nil     // the last S1 − 1 rows of the band before
        var bandTop = 0
        while bandTop < image.height {
            let (bandRows, regionRows) = rows.tile(at: bandTop)
            var band = PlaneStack(planes: m, height: bandRows, width: image.width)
            var left = 0
            while left < image.width {
                let (kept, regionColumns) = columns.tile(at: left)
                var target = image.cropped(rows: bandTop..<(bandTop + regionRows), columns: left..<(left + regionColumns))
                if let above {
                    let reach = columns.whole ? 0..<image.width
                        : max(0, left - kernels.width + 1)..<min(image.width, left + regionColumns)
                    subtractSynthesis(of: above, columns: reach, from: &target, top: bandTop, left: left,
                                      imageHeight: image.height, imageWidth: image.width, wrapRows: false, wrapColumns: columns.whole)
                }
                if left > 0 {
                    subtractSynthesis(of: CSCMapBand(firstRow: bandTop, maps: band), columns: max(0, left - kernels.width + 1)..<left,
                                      from: &target, top: bandTop, left: left,
                                      imageHeight: image.height, imageWidth: image.width, wrapRows: rows.whole, wrapColumns: false)
                }
                let support = rows.whole && columns.whole ? nil
                    : MapSupport(height: regionRows, width: regionColumns,
                                 freeRows: rows.whole ? regionRows : regionRows - kernels.height + 1,
                                 freeColumns: columns.whole ? regionColumns : regionColumns - kernels.width + 1)
                let result = try encode(target, warmStart: nil, support: support)
                summary.tiles += 1
                summary.maxIterations = max(summary.maxIterations, result.iterations)
                if result.stopReason == .maxIterations { summary.unconvergedTiles += 1 }
                for plane in 0..<m {
                    for y in 0..<bandRows {
                        let source = (plane * regionRows + y) * regionColumns
                        let destination = (plane * bandRows + y) * image.width + left
                        for x in 0..<kept {
                            let value = result.maps.values[source + x]
                            band.values[destination + x] = value
                            if value != 0 {
                                summary.nonZeros += 1
                                summary.energy.l1Norm += Double(abs(value))
                            }
                        }
                    }
                }
                // The interior's pixels are final: later maps lie below or right of them.
                let reconstruction = try convolutionOperator(height: regionRows, width: regionColumns).reconstruct(result.maps)
                for channel in 0..<channels {
                    for y in 0..<bandRows {
                        let row = (channel * regionRows + y) * regionColumns
                        for x in 0..<kept {
                            let r = Double(reconstruction.values[row + x]) - Double(target.values[row + x])
                            summary.energy.dataTerm += r * r / 2
                        }
                    }
                }
                left += kept
            }
            try deliver(CSCMapBand(firstRow: bandTop, maps: band))
            let carried = min(bandRows, kernels.height - 1)
            above = CSCMapBand(firstRow: bandTop + bandRows - carried,
                               maps: band.cropped(rows: (bandRows - carried)..<bandRows, columns: 0..<image.width))
            bandTop += bandRows
        }
        return summary
    }

    /// Subtracts from `target` (the pixels from image row `top`, column `left` on) the image that
    /// the maps of `source` in the image columns `columns` synthesise. Pixel coordinates wrap
    /// around the image's height (width) where `wrapRows` (`wrapColumns`): the tile spans it.
    private func subtractSynthesis(of source: CSCMapBand, columns: Range<Int>, from target: inout PlaneStack,
                                   top: Int, left: Int, imageHeight: Int, imageWidth: Int, wrapRows: Bool, wrapColumns: Bool) {
        let (kh, kw, c) = (kernels.height, kernels.width, kernels.channels)
        let maps = source.maps
        for plane in 0..<maps.planes {
            for q in 0..<maps.height {
                for r in columns {
                    let z = maps.values[(plane * maps.height + q) * maps.width + r]
                    if z == 0 { continue }
                    for channel in 0..<c {
                        let kernel = (plane * c + channel) * kh * kw
                        for i in 0..<kh {
                            var y = source.firstRow + q + i - top
                            if wrapRows { y %= imageHeight } else if y < 0 || y >= target.height { continue }
                            for j in 0..<kw {
                                var x = r + j - left
                                if wrapColumns { x = (x % imageWidth + imageWidth) % imageWidth } else if x < 0 || x >= target.width { continue }
                                target.values[(channel * target.height + y) * target.width + x] -= kernels.values[kernel + i * kw + j] * z
                            }
                        }
                    }
                }
            }
        }
    }
}

/// How one dimension of an image is cut into tiles: a tile of `region` values, of which the
/// first `step` are kept and the rest (four kernel sizes) is look-ahead. Measured on a 96x128
/// high-passed crop, 4 8x8 kernels, 64x64 tiles, λ 0.002: a look-ahead of 2, 3, 4 kernel sizes
/// costs 3.1%, 0.7%, 0.4% more energy than the whole image coded without the wrap.
private struct TileLayout {
    let length: Int
    let region: Int
    let step: Int
    /// One tile spans the whole dimension (circular there, as the whole image).
    let whole: Bool

    init(length: Int, kernelSize: Int, tileSize: Int) {
        let margin = 4 * kernelSize
        self.length = length
        region = min(length, max(tileSize, 2 * margin))
        whole = region == length
        step = whole ? length : region - margin
    }

    /// The values kept and the tile's extent from `start`: the last tile keeps all it covers.
    func tile(at start: Int) -> (kept: Int, region: Int) {
        start + region >= length ? (length - start, length - start) : (step, region)
    }
}
