// Tests arrive with the library (issue 11).
