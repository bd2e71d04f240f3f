/// A CSV table: a header row of column names and the rows under it, as text.
///
/// Parsing follows RFC 4180 with some leniency: fields are separated by commas (by tabs when
/// the first line has tabs and no commas); a field in double quotes may hold the separator,
/// line breaks and `""` for a quote; spaces around unquoted fields are dropped; lines end in
/// LF or CRLF; blank lines and a UTF-8 byte-order mark are skipped. Every row must have as
/// many fields as the header. No comment lines: a `#` is an ordinary character.
public struct CSVTable: Sendable, Equatable {
    /// The file name or `stdin`, for messages.
    public let source: String
    /// Column names; an empty name becomes `column N` (from 1).
    public let header: [String]
    /// `rows[r][c]` is column `c` of data row `r`.
    public let rows: [[String]]
    /// The line (from 1) on which each data row starts.
    public let lines: [Int]

    /// Parses `bytes` (UTF-8; invalid sequences become U+FFFD).
    /// - Throws: `PlotInputError` `.empty`, `.binary`, `.noDataRows`, `.wrongFieldCount`,
    ///   `.unterminatedQuote`.
    public init(bytes: [UInt8], source: String) throws {
        self.source = source
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard body.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            throw PlotInputError.empty(source: source)
        }
        guard !body.contains(0) else { throw PlotInputError.binary(source: source) }
        let firstLine = body.prefix { $0 != 0x0A }
        let separator: UInt8 = (!firstLine.contains(0x2C) && firstLine.contains(0x09)) ? 0x09 : 0x2C
        let records = try Self.records(body, separator: separator, source: source)
        guard let first = records.first else { throw PlotInputError.empty(source: source) }
        header = first.fields.enumerated().map { $1.isEmpty ? "column \($0 + 1)" : $1 }
        guard records.count > 1 else { throw PlotInputError.noDataRows(source: source) }
        for record in records.dropFirst() where record.fields.count != header.count {
            throw PlotInputError.wrongFieldCount(source: source, line: record.line, expected: header.count, found: record.fields.count)
        }
        rows = records.dropFirst().map(\.fields)
        lines = records.dropFirst().map(\.line)
    }

    /// The index of the first column called `name`.
    public func column(named name: String) -> Int? { header.firstIndex(of: name) }

    /// Splits `body` into records of fields, each with the line it starts on; blank lines are skipped.
    static func records(_ body: ArraySlice<UInt8>, separator: UInt8, source: String) throws -> [(line: Int, fields: [String])] {
        let quote: UInt8 = 0x22, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false       // this field was quoted
        var inQuotes = false
        var line = 1, recordLine = 1
        var index = body.startIndex
        var quotedBlank = false  // a record that is one quoted empty field is not blank

        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte == 0x09 && separator != 0x09) }
        func endField() {
            var text = field[...]
            if !quoted {
                while let b = text.first, isSpace(b) { text = text.dropFirst() }
                while let b = text.last, isSpace(b) { text = text.dropLast() }
            }
            fields.append(String(decoding: text, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty && !quotedBlank) { records.append((recordLine, fields)) }
            fields.removeAll()
            quotedBlank = false
        }
        while index < body.endIndex {
            let byte = body[index]
            index += 1
            if inQuotes {
                if byte == quote {
                    if index < body.endIndex && body[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case separator:
                endField()
            case newline:
                endRecord()
                line += 1
                recordLine = line
            case carriageReturn where index < body.endIndex && body[index] == newline:
                continue
            case quote where field.allSatisfy(isSpace) && !quoted:
                field.removeAll()
                quoted = true
                inQuotes = true
                if fields.isEmpty { quotedBlank = true }
            default:
                field.append(byte)
            }
        }
        if inQuotes { throw PlotInputError.unterminatedQuote(source: source, line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || quoted { endRecord() }
        return records
    }
}
