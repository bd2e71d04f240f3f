#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// The choice of C by cross-validation (scikit-learn's `LogisticRegressionCV` in spirit): for
/// each C of a grid, the mean held-out accuracy over stratified folds of the training rows
/// (each fold standardised on its own training part); the first C with the best mean wins.
/// Each fold's fits run along the grid, each starting from the one before (a warm start).
public struct RegularizationSearch: Sendable {
    /// 10⁻³, 10⁻², …, 10³.
    public static let defaultGrid: [Double] = (-3...3).map { pow(10, Double($0)) }

    /// The candidates, in the order tried.
    public let grid: [Double]
    /// Mean held-out accuracy of each candidate.
    public let meanAccuracies: [Double]
    public let chosen: Double

    /// Searches `grid` (ascending, each > 0) with `folds` stratified folds of `data`, seeded.
    public init(data: LabelledRows, grid: [Double] = defaultGrid, folds: Int, seed: UInt64) throws(ClassificationError) {
        precondition(!grid.isEmpty && grid.allSatisfy { $0 > 0 }, "RegularizationSearch: grid")
        let split = try CrossValidationFolds(classes: data.classes, classCount: data.classCount, count: folds, seed: seed)
        var correct = [Int](repeating: 0, count: grid.count)
        for fold in 0..<folds {
            let train = data.selecting(split.training(fold)), test = data.selecting(split.heldOut[fold])
            let standardizer = Standardizer(fittedOn: train.features, rows: train.rows, columns: train.columns)
            let (scaledTrain, scaledTest) = (standardizer.transform(train), standardizer.transform(test))
            var previous: MultinomialLogisticRegression?
            for (index, c) in grid.enumerated() {
                let model = MultinomialLogisticRegression(fittedOn: scaledTrain, inverseRegularization: c, start: previous)
                previous = model
                correct[index] += zip(model.predict(scaledTest.features), scaledTest.classes).filter { $0 == $1 }.count
            }
        }
        self.grid = grid
        meanAccuracies = correct.map { Double($0) / Double(data.rows) }
        let best = meanAccuracies.max()!
        chosen = grid[meanAccuracies.firstIndex(of: best)!]
    }
}
