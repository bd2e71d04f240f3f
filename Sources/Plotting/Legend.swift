/// How a legend row shows what it names.
enum LegendSample {
    /// A short stretch of line (`dash` in pixels, empty for solid), with `marker` on it when set.
    case line(color: RGB, dash: [Double], marker: MarkerShape?)
    /// A filled round dot, as a scatter chart draws its points.
    case dot(color: RGB)
}

/// One row of a legend: a sample and its name.
struct LegendEntry {
    var name: String
    var sample: LegendSample
}

/// The legend box every chart draws inside a corner of its plot area.
enum Legend {
    /// Longest name shown beside the plot area (`.right`), in characters; longer ones are cut.
    static let besideCharacters = 24

    /// The width of the legend box of `entries` beside the plot area (`.right`), so that the
    /// layout can make room for it (`ChartFrame.layout`'s `legendWidth`).
    static func widthBeside(_ entries: [LegendEntry], scale s: Int) -> Int {
        guard !entries.isEmpty else { return 0 }
        let names = entries.map { ChartFrame.fitted($0.name, width: BitmapFont.advance * s * besideCharacters, scale: s) }
        return 2 * (4 * s) + 20 * s + 4 * s + (names.map { BitmapFont.size(of: $0, scale: s).width }.max() ?? 0)
    }

    /// Draws `entries` in a white box with a grey border in a corner of `plot` (or beside it,
    /// `.right`) and returns the box: one row per entry (its sample, its name), as many rows
    /// as fit, the last saying `+N more` when some do not. `.auto` takes the corner where
    /// `crowding` (how much data a candidate box would cover) is least, the first of upper
    /// right, upper left, lower left, lower right on a tie. Nil for `.none` or no entries.
    static func draw(_ entries: [LegendEntry], at position: LegendPosition, on canvas: inout Canvas, plot: PixelRect,
                     scale s: Int, lineWidth: Double, markerRadius: Double, crowding: (PixelRect) -> Int) -> PixelRect? {
        guard position != .none, !entries.isEmpty else { return nil }
        let inset = 4 * s, padding = 4 * s, rowHeight = BitmapFont.cellHeight * s + 3 * s
        let sampleLength = 20 * s, sampleGap = 4 * s
        let maxRows = max(1, (plot.height - 2 * inset - 2 * padding + 3 * s) / rowHeight)
        var names = entries.map(\.name)
        var rows = names.indices.map { Optional($0) }
        if names.count > maxRows {
            rows = Array(rows.prefix(maxRows - 1)) + [nil]
            names = Array(names.prefix(maxRows - 1)) + ["+\(entries.count - (maxRows - 1)) more"]
        }
        let textRoom = position == .right ? BitmapFont.advance * s * besideCharacters
            : max(BitmapFont.advance * s * 4, plot.width / 2 - sampleLength - sampleGap - 2 * padding)
        names = names.map { ChartFrame.fitted($0, width: textRoom, scale: s) }
        let textWidth = names.map { BitmapFont.size(of: $0, scale: s).width }.max() ?? 0
        let width = padding + sampleLength + sampleGap + textWidth + padding
        let height = padding + rows.count * rowHeight - 3 * s + padding

        func box(_ corner: LegendPosition) -> PixelRect {
            let leftX = plot.x + inset, rightX = plot.maxX - inset - width
            let topY = plot.y + inset, bottomY = plot.maxY - inset - height
            switch corner {
            case .upperLeft: return PixelRect(x: leftX, y: topY, width: width, height: height)
            case .lowerLeft: return PixelRect(x: leftX, y: bottomY, width: width, height: height)
            case .lowerRight: return PixelRect(x: rightX, y: bottomY, width: width, height: height)
            case .right: return PixelRect(x: plot.maxX + 1 + 6 * s, y: plot.y - 1, width: width, height: height)
            default: return PixelRect(x: rightX, y: topY, width: width, height: height)
            }
        }
        let rect: PixelRect
        if position == .auto {
            let corners: [LegendPosition] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight]
            let counts = corners.map { crowding(box($0)) }
            rect = box(corners[counts.indices.min { counts[$0] < counts[$1] }!])
        } else {
            rect = box(position)
        }

        canvas.fill(rect, .white)
        canvas.outline(rect, RGB(0.7, 0.7, 0.7))
        for (row, (entry, name)) in zip(rows, names).enumerated() {
            let top = rect.y + padding + row * rowHeight
            let textX = rect.x + padding + sampleLength + sampleGap
            if let entry {
                let middle = Double(top) + Double(BitmapFont.bodyHeight * s) / 2
                let start = Double(rect.x + padding), end = start + Double(sampleLength)
                switch entries[entry].sample {
                case let .line(color, dash, marker):
                    canvas.strokePolyline([Point(start, middle), Point(end, middle)], color: color, width: lineWidth, dash: dash, clip: rect)
                    if let marker {
                        canvas.fillMarker(marker, at: Point((start + end) / 2, middle), radius: markerRadius, color: color, clip: rect)
                    }
                case let .dot(color):
                    canvas.fillMarker(.circle, at: Point((start + end) / 2, middle), radius: markerRadius * 1.3, color: color, clip: rect)
                }
            }
            canvas.drawText(name, x: textX, y: top, scale: s, color: ChartFrame.textColor)
        }
        return rect
    }
}
