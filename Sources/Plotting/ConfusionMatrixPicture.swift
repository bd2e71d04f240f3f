/// A confusion matrix drawn as a heat map: one square cell per (true class, predicted class),
/// shaded from white to blue by the fraction of the true class's rows it holds, with its count
/// written in it; true classes down the left, predicted classes along the top, a title above.
public enum ConfusionMatrixPicture {
    /// The picture of `counts` `[classes][classes]` (true class, then predicted) with class
    /// names `names` `[classes]`.
    public static func render(counts: [[Int]], names: [String], title: String) -> Canvas {
        let classes = counts.count
        precondition(names.count == classes && counts.allSatisfy { $0.count == classes }, "ConfusionMatrixPicture: shapes")
        let largestCount = counts.flatMap { $0 }.max() ?? 0
        let countWidth = BitmapFont.size(of: String(largestCount), scale: 2).width
        let cell = max(44, countWidth + 12)
        let nameWidth = names.map { BitmapFont.size(of: $0, scale: 2).width }.max() ?? 0
        let axisLabel = 2 * BitmapFont.cellHeight + 8
        let left = 16 + axisLabel + nameWidth + 10
        let top = 16 + 2 * BitmapFont.cellHeight + 12 + axisLabel + 2 * BitmapFont.cellHeight + 8
        let gridSize = cell * classes
        let titleWidth = BitmapFont.size(of: title, scale: 2).width
        let width = max(left + gridSize + 24, titleWidth + 32)
        var canvas = Canvas(width: width, height: top + gridSize + 24)

        canvas.drawText(title, x: (width - titleWidth) / 2, y: 16, scale: 2)
        let predicted = "predicted class"
        let predictedWidth = BitmapFont.size(of: predicted, scale: 2).width
        canvas.drawText(predicted, x: left + (gridSize - predictedWidth) / 2, y: 16 + 2 * BitmapFont.cellHeight + 12, scale: 2)
        let truth = "true class"
        let truthHeight = BitmapFont.size(of: truth, scale: 2).width
        canvas.drawText(truth, x: 16, y: top + (gridSize - truthHeight) / 2, scale: 2, upright: false)

        let blue = RGB(hex: 0x08306B)
        for t in 0..<classes {
            let rowTotal = counts[t].reduce(0, +)
            let nameSize = BitmapFont.size(of: names[t], scale: 2)
            canvas.drawText(names[t], x: left - 10 - nameSize.width, y: top + t * cell + (cell - nameSize.height) / 2, scale: 2)
            canvas.drawText(names[t], x: left + t * cell + (cell - nameSize.width) / 2, y: top - nameSize.height - 6, scale: 2)
            for p in 0..<classes {
                let fraction = rowTotal == 0 ? 0 : Float(counts[t][p]) / Float(rowTotal)
                let rect = PixelRect(x: left + p * cell, y: top + t * cell, width: cell, height: cell)
                canvas.fill(rect, RGB.white.blended(with: blue, alpha: fraction))
                canvas.outline(rect, RGB(0.8, 0.8, 0.8))
                let text = String(counts[t][p])
                let size = BitmapFont.size(of: text, scale: 2)
                canvas.drawText(text, x: rect.x + (cell - size.width) / 2, y: rect.y + (cell - size.height) / 2, scale: 2,
                                color: fraction > 0.5 ? .white : .black)
            }
        }
        canvas.outline(PixelRect(x: left, y: top, width: gridSize, height: gridSize), .black)
        return canvas
    }
}
