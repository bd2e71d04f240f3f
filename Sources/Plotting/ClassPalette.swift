/// Colours for integer classes (digits 0-9, cluster numbers): the ten of matplotlib's `tab10`,
/// a qualitative palette whose neighbours differ in hue and lightness.
public enum ClassPalette {
    /// tab10 in order: blue, orange, green, red, purple, brown, pink, grey, olive, cyan.
    public static let colors: [RGB] = [
        RGB(hex: 0x1F77B4), RGB(hex: 0xFF7F0E), RGB(hex: 0x2CA02C), RGB(hex: 0xD62728), RGB(hex: 0x9467BD),
        RGB(hex: 0x8C564B), RGB(hex: 0xE377C2), RGB(hex: 0x7F7F7F), RGB(hex: 0xBCBD22), RGB(hex: 0x17BECF),
    ]

    /// The colour of class `label`: `colors[label mod 10]` (so 10 looks like 0; negative labels
    /// count down from the end, -1 like 9).
    public static func color(of label: Int) -> RGB {
        let count = colors.count
        return colors[((label % count) + count) % count]
    }
}
