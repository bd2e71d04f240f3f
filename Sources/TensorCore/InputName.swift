/// How messages name an input path: `stdin` for `-`, else the path as given.
public func inputName(_ path: String) -> String { path == "-" ? "stdin" : path }
