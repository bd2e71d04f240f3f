import Testing
@testable import VariationalCoding
