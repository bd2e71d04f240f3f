/// The downstream yardstick for a representation: standardise on the training rows, choose C
/// by cross-validation on them (unless given), fit multinomial logistic regression, and count
/// the test rows' predictions in a confusion matrix.
public enum LinearProbe {
    /// How C is chosen and the folds seeded.
    public struct Settings: Sendable {
        /// C; nil to choose it from `grid` by `innerFolds`-fold cross-validation.
        public var inverseRegularization: Double?
        public var grid: [Double]
        public var innerFolds: Int
        public var seed: UInt64

        public init(inverseRegularization: Double? = nil, grid: [Double] = RegularizationSearch.defaultGrid, innerFolds: Int = 5, seed: UInt64 = 0) {
            self.inverseRegularization = inverseRegularization
            self.grid = grid
            self.innerFolds = innerFolds
            self.seed = seed
        }
    }

    /// One train/test evaluation.
    public struct Evaluation: Sendable {
        /// The C used.
        public let inverseRegularization: Double
        /// The cross-validation that chose it, when it was chosen.
        public let search: RegularizationSearch?
        /// Test rows: true class against predicted class.
        public let confusion: ConfusionMatrix
        public let model: MultinomialLogisticRegression
    }

    /// Fails when a feature is nan or infinite, or (`requiringClasses`, for training rows) when
    /// the rows hold fewer than two classes.
    public static func validate(_ data: LabelledRows, labels: ClassLabels, requiringClasses: Bool = true) throws(ClassificationError) {
        if let index = data.features.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(row: index / data.columns, column: index % data.columns)
        }
        guard requiringClasses else { return }
        let present = data.classCounts.filter { $0 > 0 }.count
        if present < 2, let only = data.classes.first { throw .oneClass(value: labels.values[only]) }
    }

    /// Trains on `train` and tests on `test` (same columns and classes).
    public static func evaluate(train: LabelledRows, test: LabelledRows, settings: Settings) throws(ClassificationError) -> Evaluation {
        precondition(train.columns == test.columns && train.classCount == test.classCount, "LinearProbe: train and test differ")
        var search: RegularizationSearch?
        if settings.inverseRegularization == nil {
            search = try RegularizationSearch(data: train, grid: settings.grid, folds: settings.innerFolds, seed: settings.seed)
        }
        let c = settings.inverseRegularization ?? search!.chosen
        let standardizer = Standardizer(fittedOn: train.features, rows: train.rows, columns: train.columns)
        let model = MultinomialLogisticRegression(fittedOn: standardizer.transform(train), inverseRegularization: c)
        let predicted = model.predict(standardizer.transform(test.features))
        return Evaluation(inverseRegularization: c, search: search,
                          confusion: ConfusionMatrix(truth: test.classes, predicted: predicted, classCount: train.classCount),
                          model: model)
    }

    /// K-fold cross-validation: each stratified fold tested by a probe trained on the others
    /// (C chosen inside each training part when not given), in fold order.
    public static func crossValidate(_ data: LabelledRows, folds: Int, settings: Settings) throws(ClassificationError) -> [Evaluation] {
        let split = try CrossValidationFolds(classes: data.classes, classCount: data.classCount, count: folds, seed: settings.seed)
        var evaluations: [Evaluation] = []
        for fold in 0..<folds {
            evaluations.append(try evaluate(train: data.selecting(split.training(fold)), test: data.selecting(split.heldOut[fold]), settings: settings))
        }
        return evaluations
    }
}
