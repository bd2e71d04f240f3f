extension Canvas {
    /// Draws `text` in `BitmapFont` at an integer `scale`, each font pixel an exact
    /// `scale x scale` block (no smoothing).
    ///
    /// `(x, y)` is the top-left corner of the text's box, `BitmapFont.size(of:scale:)`. When
    /// `upright` is false the text is turned a quarter turn counter-clockwise (reading bottom to
    /// top, as a y-axis label): the box is then `9 * scale` wide and the text's width tall.
    /// Pixels off the canvas are skipped.
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 1, color: RGB = .black, upright: Bool = true) {
        let scale = max(1, scale)
        let length = BitmapFont.size(of: text, scale: scale).width
        for (k, character) in text.unicodeScalars.enumerated() {
            for row in 0..<BitmapFont.cellHeight {
                for column in 0..<BitmapFont.glyphWidth where BitmapFont.ink(character, x: column, y: row) {
                    let tx = (k * BitmapFont.advance + column) * scale, ty = row * scale
                    for dy in 0..<scale {
                        for dx in 0..<scale {
                            if upright {
                                blend(x: x + tx + dx, y: y + ty + dy, color)
                            } else {
                                blend(x: x + ty + dy, y: y + length - 1 - (tx + dx), color)
                            }
                        }
                    }
                }
            }
        }
    }
}
