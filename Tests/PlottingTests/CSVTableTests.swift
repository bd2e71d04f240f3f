import Testing
@testable import Plotting

struct CSVTableTests {
    func table(_ text: String) throws -> CSVTable { try CSVTable(bytes: Array(text.utf8), source: "t.csv") }

    @Test func quotedFieldsCRLFAndEmptyCells() throws {
        let t = try table("name,\"a, b\",c\r\n\"x \"\"quoted\"\", with comma\",1.5,\r\n\r\ny, 2 ,\"3\"\r\n")
        #expect(t.header == ["name", "a, b", "c"])
        #expect(t.rows == [["x \"quoted\", with comma", "1.5", ""], ["y", "2", "3"]])
        #expect(t.lines == [2, 4])
    }

    @Test func quotedLineBreakCountsLines() throws {
        let t = try table("a,b\n\"two\nlines\",1\n3,4\n")
        #expect(t.rows == [["two\nlines", "1"], ["3", "4"]])
        #expect(t.lines == [2, 4])
    }

    @Test func tabsSeparateWhenTheHeaderHasNoComma() throws {
        let t = try table("\u{FEFF}epoch\terror\n1\t0.5\n")
        #expect(t.header == ["epoch", "error"] && t.rows == [["1", "0.5"]])
    }

    @Test func wrongFieldCountNamesTheLine() throws {
        #expect(throws: PlotInputError.wrongFieldCount(source: "t.csv", line: 4, expected: 2, found: 3)) {
            try table("a,b\n1,2\n\n3,4,5\n")
        }
        let message = "\(PlotInputError.wrongFieldCount(source: "t.csv", line: 4, expected: 2, found: 3))"
        #expect(message.contains("line 4"))
    }

    @Test func emptyHeaderOnlyUnterminatedAndBinary() {
        #expect(throws: PlotInputError.empty(source: "t.csv")) { try table("") }
        #expect(throws: PlotInputError.empty(source: "t.csv")) { try table("\n \r\n") }
        #expect(throws: PlotInputError.noDataRows(source: "t.csv")) { try table("a,b\n") }
        #expect(throws: PlotInputError.unterminatedQuote(source: "t.csv", line: 3)) { try table("a,b\n1,2\n\"3,4\n") }
        #expect(throws: PlotInputError.binary(source: "t.csv")) { try CSVTable(bytes: [0x61, 0, 0x62, 0x0A, 0x31], source: "t.csv") }
    }

    @Test func cellValues() {
        #expect(CellValue("1e-3") == .number(0.001))
        #expect(CellValue("-2.5") == .number(-2.5))
        #expect(CellValue("") == .missing && CellValue("NA") == .missing)
        #expect(CellValue("nan") == .nonFinite && CellValue("-Inf") == .nonFinite && CellValue("1e999") == .nonFinite)
        #expect(CellValue("0x10") == .text && CellValue("abc") == .text && CellValue("1,5") == .text)
    }

    @Test func seriesSelectionAndMissingValues() throws {
        let t = try table("epoch,train,label,valid\n1,0.9,a,\n2,0.5,b,0.7\n3,nan,c,0.6\n4,0.2,d,inf\n")
        let set = try t.series()
        #expect(set.xName == "epoch")
        #expect(set.series.map(\.name) == ["train", "valid"])
        #expect(set.series[0].x == [1, 2, 4] && set.series[0].y == [0.9, 0.5, 0.2])
        #expect(set.series[1].x == [2, 3] && set.series[1].y == [0.7, 0.6])
        #expect(set.notes.contains { $0.contains("'label'") })
        #expect(set.notes.contains { $0.contains("'train'") && $0.contains("1 nan/inf") })
        #expect(set.notes.contains { $0.contains("'valid'") && $0.contains("1 nan/inf") })

        let picked = try t.series(x: "train", y: ["valid"])
        #expect(picked.xName == "train" && picked.series.map(\.name) == ["valid"] && picked.series[0].x == [0.5])
        #expect(throws: PlotInputError.unknownName(source: "t.csv", kind: "column", name: "test", available: ["epoch", "train", "label", "valid"])) {
            try t.series(y: ["test"])
        }
        #expect(throws: PlotInputError.notNumeric(source: "t.csv", column: "label", line: 2, text: "a", hint: "leave it out of --y")) {
            try t.series(y: ["label"])
        }
        #expect(throws: PlotError.noPoints(series: "v")) { try table("x,v\n1,\n2,nan\n").series() }
        #expect(throws: PlotInputError.self) { try table("name\nfoo\nbar\n").series() }
    }

    @Test func aLoneColumnIsPlottedAgainstItsRowNumber() throws {
        let set = try table("loss\n3\n2\n1.5\n").series()
        #expect(set.xName == "row" && set.series.count == 1)
        #expect(set.series[0].x == [0, 1, 2] && set.series[0].y == [3, 2, 1.5])
    }
}
