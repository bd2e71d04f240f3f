extension AttributeValue {
    /// A single-precision setting as the number its shortest decimal spells (0.001, not the
    /// 0.0010000000474974513 the widened Float holds), so that model files read as given.
    public static func decimal(_ value: Float) -> AttributeValue {
        .number(Double(value.description) ?? Double(value))
    }
}
