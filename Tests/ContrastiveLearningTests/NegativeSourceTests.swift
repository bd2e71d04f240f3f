import Testing
@testable import ContrastiveLearning

/// `--negatives` text: what parses, what does not, and the text form read back.
@Suite struct NegativeSourceTests {
    @Test func goodTextParses() {
        #expect(NegativeSource("batch") == .batch)
        #expect(NegativeSource("bank:4096") == .bank(count: 4096))
        #expect(NegativeSource("queue:10") == .queue(count: 10))
        #expect(NegativeSource("bank:1") == .bank(count: 1))
    }

    @Test(arguments: ["bank:0", "bank", "queue:x", "pool:3", "queue:-2", "bank:", ":4", "bank:4:5", "Batch", "batch:3",
                      "bank: 4", "", "queue:1.5"])
    func badTextIsRejected(text: String) {
        #expect(NegativeSource(text) == nil)
    }

    @Test(arguments: [NegativeSource.batch, .bank(count: 4096), .queue(count: 10)])
    func descriptionReadsBack(source: NegativeSource) {
        #expect(NegativeSource(source.description) == source)
    }
}
