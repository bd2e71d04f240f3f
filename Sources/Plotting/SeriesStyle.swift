/// How one series is drawn: colour, dash pattern and marker shape.
public struct SeriesStyle: Sendable, Equatable {
    public var color: RGB
    /// On/off lengths in units of the line width; empty for a solid line.
    public var dash: [Double]
    public var marker: MarkerShape

    /// Eight colours that stay apart on white and for the common colour-vision deficiencies
    /// as far as eight can; series 9-16 reuse them dashed, 17-24 dotted, 25-32 dash-dotted.
    public static let palette: [RGB] = [
        RGB(hex: 0x1F77B4), // blue
        RGB(hex: 0xE8710A), // orange
        RGB(hex: 0x2CA02C), // green
        RGB(hex: 0xD62728), // red
        RGB(hex: 0x9467BD), // purple
        RGB(hex: 0x8C564B), // brown
        RGB(hex: 0xE377C2), // pink
        RGB(hex: 0x17BECF), // cyan
    ]

    public static let dashes: [[Double]] = [[], [4, 2.5], [1, 2], [4, 2, 1, 2]]

    /// The style of series number `index` (from 0).
    public static func forSeries(_ index: Int) -> SeriesStyle {
        let shapes = MarkerShape.allCases
        return SeriesStyle(color: palette[index % palette.count],
                           dash: dashes[(index / palette.count) % dashes.count],
                           marker: shapes[index % shapes.count])
    }
}
