extension OptionSpec where Value == PictureSize {
    /// `--size WxH`, the picture size of a chart tool (`plot`, `scatter`): width 200 to 8192
    /// and height 150 to 8192 pixels, so the axes and labels have room.
    public static func chartSize(default size: PictureSize) -> OptionSpec<PictureSize> {
        OptionSpec("size", value: "WxH", default: size, help: "picture width and height in pixels; text grows with the size",
                   accepted: "width 200 to 8192 and height 150 to 8192", outOfRange: ["199x500", "800x149", "8193x500"],
                   accepts: { $0.width >= 200 && $0.height >= 150 })
    }
}
