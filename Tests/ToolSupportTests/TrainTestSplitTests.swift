import Testing
import TensorCore
@testable import ToolSupport

struct TrainTestSplitTests {
    @Test func testSizeIsAFractionBelowOneOrAWholeCount() {
        #expect(TestSize(0.25) == .fraction(0.25))
        #expect(TestSize(1) == .count(1))
        #expect(TestSize(300) == .count(300))
        for refused in [0, -1, 1.5, -0.5, Double.nan, Double.infinity] { #expect(TestSize(refused) == nil, "\(refused)") }
    }

    /// scikit-learn's rule: ⌈f·n⌉ test rows for a fraction; a count as given.
    @Test func testRowsFollowScikitLearn() {
        #expect(TestSize.fraction(0.25).testRows(of: 10) == 3)
        #expect(TestSize.fraction(0.2).testRows(of: 10) == 2)
        #expect(TestSize.fraction(0.001).testRows(of: 10) == 1)
        #expect(TestSize.count(300).testRows(of: 1797) == 300)
    }

    /// The two parts partition the rows, each ascending, with the asked sizes.
    @Test(arguments: [(10, TestSize.fraction(0.25)), (1797, .count(300)), (2, .count(1)), (7, .fraction(0.5))])
    func partsPartitionTheRows(rows: Int, size: TestSize) throws {
        let split = try TrainTestSplit(rows: rows, testSize: size, seed: 3)
        #expect(split.testRows.count == size.testRows(of: rows))
        #expect(split.trainRows.count == rows - split.testRows.count)
        #expect((split.trainRows + split.testRows).sorted() == Array(0..<rows))
        #expect(split.trainRows == split.trainRows.sorted() && split.testRows == split.testRows.sorted())
    }

    @Test func sameSeedSameSplitOtherSeedOtherSplit() throws {
        let a = try TrainTestSplit(rows: 100, testSize: .count(30), seed: 1)
        #expect(try TrainTestSplit(rows: 100, testSize: .count(30), seed: 1) == a)
        #expect(try TrainTestSplit(rows: 100, testSize: .count(30), seed: 2) != a)
    }

    /// Every row is equally likely to be held out: over 4000 seeds each of 10 rows goes to the
    /// test part of 3 about 30% of the time (binomial sd 0.7%; 3% is over 4 sd).
    @Test func everyRowIsEquallyLikelyToBeHeldOut() throws {
        var counts = [Int](repeating: 0, count: 10)
        let seeds = 4000
        for seed in 0..<seeds {
            for row in try TrainTestSplit(rows: 10, testSize: .count(3), seed: UInt64(seed)).testRows { counts[row] += 1 }
        }
        for (row, count) in counts.enumerated() {
            #expect(abs(Double(count) / Double(seeds) - 0.3) < 0.03, "row \(row) held out \(count) times in \(seeds)")
        }
    }

    @Test func aPartThatWouldBeEmptyIsRefused() {
        #expect(throws: ToolFailure.self) { try TrainTestSplit(rows: 300, testSize: .count(300), seed: 0) }
        #expect(throws: ToolFailure.self) { try TrainTestSplit(rows: 10, testSize: .count(11), seed: 0) }
        #expect(throws: ToolFailure.self) { try TrainTestSplit(rows: 1, testSize: .fraction(0.5), seed: 0) }
        #expect(throws: ToolFailure.self) { try TrainTestSplit(rows: 0, testSize: .fraction(0.5), seed: 0) }
    }
}
