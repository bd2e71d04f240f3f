import Testing
import TensorCore
@testable import Classification

/// The pieces around the classifier: standardisation, labels, folds, confusion counts.
struct ProbePartsTests {
    @Test func standardizerCentresAndScalesAndZeroesConstantColumns() {
        // Columns: 1, 2, 3, 4 (mean 2.5, sd √1.25); all 7; 0, 0, 0, 8 (mean 2, sd √12).
        let features: [Float] = [1, 7, 0, 2, 7, 0, 3, 7, 0, 4, 7, 8]
        let standardizer = Standardizer(fittedOn: features, rows: 4, columns: 3)
        #expect(standardizer.means == [2.5, 7, 2])
        #expect(abs(standardizer.deviations[0] - 1.25.squareRoot()) < 1e-12 && standardizer.deviations[1] == 0)
        let scaled = standardizer.transform(features)
        let expected: [Double] = [-1.5 / 1.25.squareRoot(), 0, -2 / 12.0.squareRoot(), -0.5 / 1.25.squareRoot(), 0, -2 / 12.0.squareRoot(),
                                  0.5 / 1.25.squareRoot(), 0, -2 / 12.0.squareRoot(), 1.5 / 1.25.squareRoot(), 0, 6 / 12.0.squareRoot()]
        for (got, want) in zip(scaled, expected) { #expect(abs(Double(got) - want) < 1e-6) }
        // New rows use the training fit: a constant column stays 0 whatever its value.
        #expect(standardizer.transform([2.5, 100, 2]) == [0, 0, 0])
    }

    @Test func confusionMatrixCountsPairs() {
        let truth = [0, 0, 1, 1, 1, 2, 2, 0]
        let predicted = [0, 1, 1, 1, 2, 2, 0, 0]
        let matrix = ConfusionMatrix(truth: truth, predicted: predicted, classCount: 4)
        #expect(matrix.counts == [[2, 1, 0, 0], [0, 2, 1, 0], [1, 0, 1, 0], [0, 0, 0, 0]])
        #expect(matrix.correct == 5 && matrix.total == 8 && matrix.accuracy == 5.0 / 8)
        #expect(matrix.recalls == [2.0 / 3, 2.0 / 3, 0.5, nil])
        var sum = matrix
        sum.add(matrix)
        #expect(sum.counts[0] == [4, 2, 0, 0] && sum.accuracy == matrix.accuracy)
    }

    @Test func classLabelsNumberDistinctWholeValuesAscending() throws {
        let labels = try ClassLabels([7, 3, 3, -1, 7])
        #expect(labels.values == [-1, 3, 7])
        #expect(try labels.indices(of: [3, -1, 7]) == [1, 0, 2])
        #expect(throws: ClassificationError.labelNotWhole(row: 1, value: 2.5)) { try ClassLabels([1, 2.5]) }
        #expect(throws: ClassificationError.unseenLabel(row: 0, value: 4)) { try labels.indices(of: [4]) }
        #expect(throws: ClassificationError.self) { try ClassLabels([.nan]) }
    }

    @Test func foldsCoverEveryRowOnceAndKeepClassProportions() throws {
        let classes = (0..<103).map { $0 % 3 == 0 ? 0 : ($0 % 7 == 0 ? 2 : 1) }
        let folds = try CrossValidationFolds(classes: classes, classCount: 3, count: 5, seed: 4)
        #expect(folds.heldOut.flatMap { $0 }.sorted() == Array(0..<103))
        for c in 0..<3 {
            let perFold = folds.heldOut.map { fold in fold.filter { classes[$0] == c }.count }
            #expect(perFold.max()! - perFold.min()! <= 1, "class \(c): \(perFold)")
        }
        #expect(Set(folds.training(2)).isDisjoint(with: folds.heldOut[2]) && folds.training(2).count + folds.heldOut[2].count == 103)
        let again = try CrossValidationFolds(classes: classes, classCount: 3, count: 5, seed: 4)
        let other = try CrossValidationFolds(classes: classes, classCount: 3, count: 5, seed: 5)
        #expect(again.heldOut == folds.heldOut && other.heldOut != folds.heldOut)
        #expect(throws: ClassificationError.self) { try CrossValidationFolds(classes: [0, 1], classCount: 2, count: 3, seed: 0) }
    }

    @Test func validationRefusesNonFiniteFeaturesAndASingleClass() throws {
        let labels = try ClassLabels([5, 6])
        let nan = LabelledRows(features: [1, 2, .nan, 4], rows: 2, columns: 2, classes: [0, 1], classCount: 2)
        #expect(throws: ClassificationError.nonFinite(row: 1, column: 0)) { try LinearProbe.validate(nan, labels: labels) }
        let single = LabelledRows(features: [1, 2, 3, 4], rows: 2, columns: 2, classes: [1, 1], classCount: 2)
        #expect(throws: ClassificationError.oneClass(value: 6)) { try LinearProbe.validate(single, labels: labels) }
        try LinearProbe.validate(single, labels: labels, requiringClasses: false)
    }
}
